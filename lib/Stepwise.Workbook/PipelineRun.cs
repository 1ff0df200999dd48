using Stepwise.Aws.SageMaker;

namespace Stepwise.Workbook;

/// <summary>The endpoint a run of the pipeline deployed: its name and the model behind it (a batch transform's model).</summary>
public sealed record PipelineEndpoint(string EndpointName, string ModelName, DateTimeOffset CreationTime);

/// <summary>Finds the endpoint notebook 04 left running, or (on the local backend) runs the pipeline as notebook 04 does to make one.</summary>
public static class PipelineRun
{
    /// <summary>The newest endpoint named <see cref="PipelineResources.RunPrefix"/>* that is InService, or on its way there
    /// (Creating, Updating, or SystemUpdating: the local cloud restarting it in a new notebook kernel) and then waited for; or null.</summary>
    public static async Task<PipelineEndpoint?> FindEndpointAsync(ICloud cloud, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var list = await cloud.SageMaker.ListEndpointsAsync(new ListEndpointsInput { NameContains = PipelineResources.RunPrefix, MaxResults = 100 }, cancellationToken).ConfigureAwait(false);
        var newest = (list.Endpoints ?? [])
            .Where(e => e.EndpointName.StartsWith(PipelineResources.RunPrefix, StringComparison.Ordinal) && (e.EndpointStatus == "InService" || IsTransitional(e.EndpointStatus)))
            .OrderByDescending(e => e.CreationTime).FirstOrDefault();
        return newest is null ? null : await WaitInServiceAsync(cloud, newest.EndpointName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The newest InService pipeline endpoint. When there is none: on the local backend, says so, prepares the image and
    /// data (<see cref="LocalPipelineData.PrepareAsync(ICloud, PipelineResources, TextWriter?, int, int, CancellationToken)"/>),
    /// runs <see cref="MaskRCnnPipeline"/> to the end and waits for its endpoint; on AWS, an error that says to run notebook 04.
    /// </summary>
    public static async Task<PipelineEndpoint> EnsureEndpointAsync(ICloud cloud, PipelineResources resources, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        log ??= Console.Out;
        if (await FindEndpointAsync(cloud, cancellationToken).ConfigureAwait(false) is { } found)
        {
            log.WriteLine($"Found the endpoint {found.EndpointName} (model {found.ModelName}), created {found.CreationTime:u}.");
            return found;
        }
        if (cloud.Kind != BackendKind.Local)
            throw new InvalidOperationException($"No InService endpoint named {PipelineResources.RunPrefix}* in {cloud.Region}: run notebook 04 (04-execution.ipynb) first, which deploys one and keeps it.");

        log.WriteLine($"No endpoint named {PipelineResources.RunPrefix}* is InService (or starting) yet: running the pipeline as notebook 04 does (about a minute) …");
        await LocalPipelineData.PrepareAsync(cloud, resources, log, cancellationToken: cancellationToken).ConfigureAwait(false);
        var workflow = MaskRCnnPipeline.Create(resources, cloud.StepFunctions);
        await workflow.CreateAsync(cancellationToken).ConfigureAwait(false);
        var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var name = PipelineResources.RunPrefix + runId;
        var execution = await workflow.ExecuteAsync(new Dictionary<string, object> { ["JobName"] = name, ["ModelName"] = name, ["EndpointName"] = name },
            name: $"run-{runId}", cancellationToken).ConfigureAwait(false);
        var done = await execution.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (done.Status != "SUCCEEDED")
            throw new InvalidOperationException($"The pipeline's execution {execution.ExecutionArn} ended {done.Status}: {done.Error}: {done.Cause}");
        var endpoint = await WaitInServiceAsync(cloud, name, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"The pipeline deployed the endpoint {endpoint.EndpointName} (model {endpoint.ModelName}).");
        return endpoint;
    }

    /// <summary>Waits while the endpoint is Creating, Updating or SystemUpdating; an error with SageMaker's reason if it failed.</summary>
    public static async Task<PipelineEndpoint> WaitInServiceAsync(ICloud cloud, string endpointName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        while (true)
        {
            var endpoint = await cloud.SageMaker.DescribeEndpointAsync(new DescribeEndpointInput { EndpointName = endpointName }, cancellationToken).ConfigureAwait(false);
            if (endpoint.EndpointStatus == "InService")
                return await DescribeAsync(cloud, endpointName, cancellationToken).ConfigureAwait(false);
            if (!IsTransitional(endpoint.EndpointStatus))
                throw new InvalidOperationException($"The endpoint {endpointName} is {endpoint.EndpointStatus}: {endpoint.FailureReason}");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransitional(string status) => status is "Creating" or "Updating" or "SystemUpdating";

    private static async Task<PipelineEndpoint> DescribeAsync(ICloud cloud, string endpointName, CancellationToken cancellationToken)
    {
        var endpoint = await cloud.SageMaker.DescribeEndpointAsync(new DescribeEndpointInput { EndpointName = endpointName }, cancellationToken).ConfigureAwait(false);
        var config = await cloud.SageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigInput { EndpointConfigName = endpoint.EndpointConfigName ?? endpointName }, cancellationToken).ConfigureAwait(false);
        return new PipelineEndpoint(endpointName, config.ProductionVariants[0].ModelName ?? "", endpoint.CreationTime);
    }
}
