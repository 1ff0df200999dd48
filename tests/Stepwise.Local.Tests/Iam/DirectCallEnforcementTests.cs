using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;
using Stepwise.Local.Iam;
using Stepwise.Local.Iam.Authorization;

namespace Stepwise.Local.Tests.Iam;

/// <summary>With <see cref="LocalCloudOptions.EnforceIam"/>, a direct call made as a role session (in-process through
/// <see cref="LocalCloud.Authorized"/>) is evaluated as <c>service:Operation</c> on the resource's ARN, with
/// <c>iam:PassRole</c> where it hands over a role; the root is never checked.</summary>
public sealed class DirectCallEnforcementTests : IAsyncLifetime
{
    private const string Account = "123456789012";
    private const string Caller = $"arn:aws:sts::{Account}:assumed-role/Notebook/cell";
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}""";
    private const string StatesTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-direct-").FullName;
    private LocalCloud _cloud = null!;

    public Task InitializeAsync()
    {
        _cloud = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data, EnforceIam = true, ResumeRunningExecutions = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<AuthorizedPorts> AsNotebookAsync(params string[] statements)
    {
        await _cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "Notebook", AssumeRolePolicyDocument = Trust });
        if (statements.Length > 0)
            await _cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
            {
                RoleName = "Notebook", PolicyName = "notebook",
                PolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{{string.Join(',', statements)}}]}""",
            });
        var session = await _cloud.Sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/Notebook", RoleSessionName = "cell" });
        return _cloud.Authorized.As(session.Credentials!.AccessKeyId);
    }

    private static string Allow(string action, string resource, string? condition = null) =>
        $$"""{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"{{(condition is null ? "" : $",\"Condition\":{condition}")}}}""";

    [Fact]
    public async Task A_session_without_sagemaker_ListTrainingJobs_is_refused_with_SageMakers_AccessDeniedException()
    {
        var notebook = await AsNotebookAsync();

        var denied = await Assert.ThrowsAsync<SageMakerException>(() => notebook.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest()));

        Assert.Equal(("AccessDeniedException", 400), (denied.ErrorCode, denied.StatusCode));
        Assert.Equal($"User: {Caller} is not authorized to perform: sagemaker:ListTrainingJobs on resource: * because no identity-based policy allows the sagemaker:ListTrainingJobs action",
            denied.Message);
    }

    [Fact]
    public async Task A_session_allowed_the_action_on_the_jobs_ARN_describes_it_and_is_refused_another_job()
    {
        var notebook = await AsNotebookAsync(Allow("sagemaker:DescribeTrainingJob", $"arn:aws:sagemaker:us-east-1:{Account}:training-job/mine-*"));

        var missing = await Assert.ThrowsAsync<SageMakerException>(() => notebook.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "Mine-1" }));
        var denied = await Assert.ThrowsAsync<SageMakerException>(() => notebook.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "theirs" }));

        Assert.Equal("ValidationException", missing.ErrorCode); // allowed through to SageMaker, which has no such job
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Contains($"sagemaker:DescribeTrainingJob on resource: arn:aws:sagemaker:us-east-1:{Account}:training-job/theirs because", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStateMachine_as_a_session_needs_iam_PassRole_of_the_execution_role_to_states()
    {
        await _cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "Workflow", AssumeRolePolicyDocument = StatesTrust });
        const string workflow = $"arn:aws:iam::{Account}:role/Workflow";
        var notebook = await AsNotebookAsync(Allow("states:CreateStateMachine", "*"));
        var input = new CreateStateMachineInput { Name = "flow", Definition = Definition, RoleArn = workflow };

        var denied = await Assert.ThrowsAsync<StepFunctionsException>(() => notebook.StepFunctions.CreateStateMachineAsync(input));
        await _cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "Notebook", PolicyName = "pass",
            PolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{{Allow("iam:PassRole", workflow, """{"StringEquals":{"iam:PassedToService":"states.amazonaws.com"}}""")}}]}""",
        });
        var created = await notebook.StepFunctions.CreateStateMachineAsync(input);

        Assert.Equal(("AccessDeniedException", 400), (denied.ErrorCode, denied.StatusCode));
        Assert.Equal($"User: {Caller} is not authorized to perform: iam:PassRole on resource: {workflow} because no identity-based policy allows the iam:PassRole action", denied.Message);
        Assert.Equal($"arn:aws:states:us-east-1:{Account}:stateMachine:flow", created.StateMachineArn);
    }

    [Fact]
    public async Task Lambda_refuses_with_403_and_IAM_with_AccessDenied()
    {
        var notebook = await AsNotebookAsync();

        var lambda = await Assert.ThrowsAsync<LambdaException>(() => notebook.Lambda.InvokeAsync(new InvocationRequest { FunctionName = "builder" }));
        var iam = await Assert.ThrowsAsync<IamException>(() => notebook.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "Notebook" }));

        Assert.Equal(("AccessDeniedException", 403), (lambda.ErrorCode, lambda.StatusCode));
        Assert.Contains($"lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:{Account}:function:builder because", lambda.Message, StringComparison.Ordinal);
        Assert.Equal(("AccessDenied", 403), (iam.ErrorCode, iam.StatusCode));
        Assert.Contains($"iam:GetRole on resource: arn:aws:iam::{Account}:role/Notebook because", iam.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_deny_names_the_policy_that_denied()
    {
        var notebook = await AsNotebookAsync(Allow("sagemaker:*", "*"), """{"Effect":"Deny","Action":"sagemaker:ListModels","Resource":"*"}""");

        var listed = await notebook.SageMaker.ListEndpointsAsync(new ListEndpointsInput());
        var denied = await Assert.ThrowsAsync<SageMakerException>(() => notebook.SageMaker.ListModelsAsync(new ListModelsInput()));

        Assert.Empty(listed.Endpoints);
        Assert.EndsWith("sagemaker:ListModels on resource: * with an explicit deny in an identity-based policy", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_is_never_checked_and_GetCallerIdentity_needs_no_permission()
    {
        var notebook = await AsNotebookAsync();

        var root = await _cloud.Authorized.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest());
        var identity = await notebook.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Empty(root.TrainingJobSummaries);
        Assert.Equal(Caller, identity.Arn);
    }

    [Fact]
    public async Task Without_EnforceIam_a_session_acts_as_itself_unchecked()
    {
        await _cloud.DisposeAsync();
        _cloud = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data, ResumeRunningExecutions = false });
        var notebook = await AsNotebookAsync();

        var listed = await notebook.SageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest());
        var identity = await notebook.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Empty(listed.TrainingJobSummaries);
        Assert.Equal(Caller, identity.Arn);
        Assert.Same(_cloud.StepFunctions, _cloud.Authorized.StepFunctions);
    }

    [Fact]
    public async Task An_in_process_call_under_CallerContext_is_checked_as_that_session()
    {
        var notebook = await AsNotebookAsync();

        using (CallerContext.Use(notebook.AccessKeyId))
        {
            var denied = await Assert.ThrowsAsync<StepFunctionsException>(() => _cloud.Authorized.StepFunctions.ListStateMachinesAsync(new ListStateMachinesInput()));
            Assert.Contains("states:ListStateMachines on resource: *", denied.Message, StringComparison.Ordinal);
        }
        Assert.Empty((await _cloud.Authorized.StepFunctions.ListStateMachinesAsync(new ListStateMachinesInput())).StateMachines);
    }
}
