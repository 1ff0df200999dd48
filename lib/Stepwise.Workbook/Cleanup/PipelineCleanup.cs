using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Interactive.Graphs;

namespace Stepwise.Workbook.Cleanup;

/// <summary>What happened to one resource: deleted, already gone, kept (and why), or a failure with AWS's message.</summary>
public sealed record CleanupStep(string Service, string Kind, string Name, string Outcome);

/// <summary>Every step of a cleanup, in order; <see cref="Html"/> shows them as a table.</summary>
public sealed record CleanupReport(IReadOnlyList<CleanupStep> Steps)
{
    /// <summary>Steps that failed (the resource may still exist: read the outcome).</summary>
    public IReadOnlyList<CleanupStep> Failures => [.. Steps.Where(s => s.Outcome.StartsWith("failed", StringComparison.Ordinal))];

    public string Html => Tables.Render(["Service", "Kind", "Name", "Outcome"], Steps.Select(s => (IReadOnlyList<string>)[s.Service, s.Kind, s.Name, s.Outcome])).Html;

    public override string ToString() => string.Join(Environment.NewLine, Steps.Select(s => $"{s.Service} {s.Kind} {s.Name}: {s.Outcome}"));
}

/// <summary>What <see cref="PipelineCleanup.RunAsync"/> also removes.</summary>
public sealed record CleanupOptions
{
    /// <summary>Also delete the four IAM roles (with their inline policies and attachments). True by default.</summary>
    public bool DeleteRoles { get; init; } = true;

    /// <summary>How long to wait for endpoints to go away.</summary>
    public TimeSpan EndpointTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Deletes what the workbook made, in an order AWS accepts — endpoints first (they bill), then endpoint configurations and
/// models of the pipeline's runs (<see cref="PipelineResources.RunPrefix"/>), the state machine, the builder function, the
/// CodeBuild project, the ECR repository with its images, and the roles — and reports each step. Running it twice is
/// safe: what is already gone says so. Training jobs stay: SageMaker has no API to delete them (their artifacts are in
/// the bucket, which is kept too, with the data).
/// </summary>
public static class PipelineCleanup
{
    public static async Task<CleanupReport> RunAsync(ICloud cloud, PipelineResources resources, CleanupOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(resources);
        options ??= new CleanupOptions();
        var steps = new List<CleanupStep>();
        var prefix = PipelineResources.RunPrefix;

        var endpoints = await cloud.SageMaker.ListEndpointsAsync(new ListEndpointsInput { NameContains = prefix, MaxResults = 100 }, cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in (endpoints.Endpoints ?? []).Where(e => e.EndpointName.StartsWith(prefix, StringComparison.Ordinal)))
            steps.Add(await StepAsync("SageMaker", "endpoint", endpoint.EndpointName, async () =>
            {
                await cloud.SageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = endpoint.EndpointName }, cancellationToken).ConfigureAwait(false);
                await WaitGoneAsync(cloud.SageMaker, endpoint.EndpointName, options.EndpointTimeout, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false));

        var configs = await cloud.SageMaker.ListEndpointConfigsAsync(new ListEndpointConfigsInput { NameContains = prefix, MaxResults = 100 }, cancellationToken).ConfigureAwait(false);
        foreach (var config in (configs.EndpointConfigs ?? []).Where(c => c.EndpointConfigName.StartsWith(prefix, StringComparison.Ordinal)))
            steps.Add(await StepAsync("SageMaker", "endpoint config", config.EndpointConfigName, () =>
                cloud.SageMaker.DeleteEndpointConfigAsync(new DeleteEndpointConfigInput { EndpointConfigName = config.EndpointConfigName }, cancellationToken)).ConfigureAwait(false));

        var models = await cloud.SageMaker.ListModelsAsync(new ListModelsInput { NameContains = prefix, MaxResults = 100 }, cancellationToken).ConfigureAwait(false);
        foreach (var model in (models.Models ?? []).Where(m => m.ModelName.StartsWith(prefix, StringComparison.Ordinal)))
            steps.Add(await StepAsync("SageMaker", "model", model.ModelName, () =>
                cloud.SageMaker.DeleteModelAsync(new DeleteModelInput { ModelName = model.ModelName }, cancellationToken)).ConfigureAwait(false));
        if (steps.Count == 0)
            steps.Add(new CleanupStep("SageMaker", "endpoints, configs, models", prefix + "*", "already gone"));

        var machine = $"arn:aws:states:{resources.Region}:{resources.AccountId}:stateMachine:{MaskRCnnPipeline.Name}";
        steps.Add(await StepAsync("Step Functions", "state machine", MaskRCnnPipeline.Name, async () =>
        {
            // DeleteStateMachine succeeds for a machine that does not exist: ask first, so the report tells the truth.
            await cloud.StepFunctions.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = machine }, cancellationToken).ConfigureAwait(false);
            await cloud.StepFunctions.DeleteStateMachineAsync(new DeleteStateMachineInput { StateMachineArn = machine }, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false));

        steps.Add(await StepAsync("Lambda", "function", PipelineResources.BuilderFunction, () =>
            cloud.Lambda.DeleteFunctionAsync(new DeleteFunctionRequest { FunctionName = PipelineResources.BuilderFunction }, cancellationToken)).ConfigureAwait(false));

        steps.Add(await StepAsync("CodeBuild", "project", PipelineResources.BuildProject, async () =>
        {
            var found = await cloud.CodeBuild.BatchGetProjectsAsync(new BatchGetProjectsInput { Names = [PipelineResources.BuildProject] }, cancellationToken).ConfigureAwait(false);
            if (found.Projects is not { Count: > 0 }) throw new Gone();
            await cloud.CodeBuild.DeleteProjectAsync(new DeleteProjectInput { Name = PipelineResources.BuildProject }, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false));

        steps.Add(await StepAsync("ECR", "repository", PipelineResources.Repository, () =>
            cloud.Ecr.DeleteRepositoryAsync(new DeleteRepositoryRequest { RepositoryName = PipelineResources.Repository, Force = true }, cancellationToken)).ConfigureAwait(false));

        if (options.DeleteRoles)
            foreach (var role in PipelineResources.RoleNames)
                steps.Add(await StepAsync("IAM", "role", role, () => DeleteRoleAsync(cloud.Iam, role, cancellationToken)).ConfigureAwait(false));
        else
            steps.Add(new CleanupStep("IAM", "roles", string.Join(", ", PipelineResources.RoleNames), "kept (DeleteRoles is false)"));

        steps.Add(new CleanupStep("S3", "bucket", resources.Bucket, "kept: it holds the data and the training jobs' artifacts (empty and delete it yourself when done)"));
        steps.Add(new CleanupStep("SageMaker", "training jobs", prefix + "*", "kept: SageMaker has no API to delete training jobs"));
        return new CleanupReport(steps);
    }

    private static async Task DeleteRoleAsync(IIam iam, string role, CancellationToken cancellationToken)
    {
        var inline = await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = role }, cancellationToken).ConfigureAwait(false);
        foreach (var policy in inline.PolicyNames)
            await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = role, PolicyName = policy }, cancellationToken).ConfigureAwait(false);
        var attached = await iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = role }, cancellationToken).ConfigureAwait(false);
        foreach (var policy in attached.AttachedPolicies ?? [])
            await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = role, PolicyArn = policy.PolicyArn! }, cancellationToken).ConfigureAwait(false);
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = role }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WaitGoneAsync(ISageMaker sageMaker, string endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            try
            {
                await sageMaker.DescribeEndpointAsync(new DescribeEndpointInput { EndpointName = endpoint }, limit.Token).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (IsNotFound(e))
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), limit.Token).ConfigureAwait(false);
        }
    }

    private static async Task<CleanupStep> StepAsync(string service, string kind, string name, Func<Task> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
            return new CleanupStep(service, kind, name, "deleted");
        }
        catch (Gone)
        {
            return new CleanupStep(service, kind, name, "already gone");
        }
        catch (AwsServiceException e) when (IsNotFound(e))
        {
            return new CleanupStep(service, kind, name, "already gone");
        }
        catch (AwsServiceException e)
        {
            return new CleanupStep(service, kind, name, $"failed: {e.ErrorCode}: {e.Message}");
        }
    }

    // SageMaker answers a missing resource with ValidationException ("Could not find …"), the others with their NotFound codes.
    private static bool IsNotFound(AwsServiceException e) =>
        e.ErrorCode is "ResourceNotFoundException" or "ResourceNotFound" or "NoSuchEntity" or "RepositoryNotFoundException" or "StateMachineDoesNotExist"
        || (e.ErrorCode == "ValidationException" && (e.Message.Contains("Could not find", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)));

    private sealed class Gone : Exception;
}
