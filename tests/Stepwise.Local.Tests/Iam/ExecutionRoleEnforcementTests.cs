using System.Text.Json.Nodes;
using Stepwise.Aws.Iam;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Local.Tests.SageMaker.Integration;
using Stepwise.Workflows;
using Stepwise.Workflows.Permissions;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Local.Tests.Iam;

/// <summary>With <see cref="LocalCloudOptions.EnforceIam"/>, Step Functions acts as its execution role: the role must
/// trust <c>states.amazonaws.com</c>, and each Task state's call is refused unless the role's policies allow it.</summary>
public sealed class ExecutionRoleEnforcementTests : IAsyncLifetime
{
    private const string Account = "123456789012";
    private const string Role = $"arn:aws:iam::{Account}:role/StepFunctionsRole";
    private const string SageMakerRole = $"arn:aws:iam::{Account}:role/SageMakerRole";
    private const string StatesTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private static readonly Estimator Estimator = new()
    {
        ImageUri = $"{Account}.dkr.ecr.us-east-1.amazonaws.com/tiny:latest",
        Role = SageMakerRole,
        InstanceCount = 1,
        InstanceType = "ml.m5.large",
        OutputPath = "s3://bucket/output",
    };

    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-enforce-").FullName;
    private readonly FakeSageMaker _fake = new();
    private LocalCloud _cloud = null!;
    private int _machines;

    public Task InitializeAsync()
    {
        _cloud = Open(enforce: true);
        return Task.CompletedTask;
    }

    private LocalCloud Open(bool enforce)
    {
        var cloud = LocalCloud.Open(new LocalCloudOptions { DataDirectory = _data, EnforceIam = enforce, ResumeRunningExecutions = false });
        cloud.StepFunctions.Integrations.Add(new SageMakerIntegration(_fake, pollInterval: TimeSpan.FromMilliseconds(5)));
        cloud.Lambda.Register("echo", p => p);
        _fake.On<Aws.SageMaker.CreateTrainingJobRequest, Aws.SageMaker.CreateTrainingJobResponse>("CreateTrainingJob",
                r => new Aws.SageMaker.CreateTrainingJobResponse { TrainingJobArn = $"arn:aws:sagemaker:us-east-1:{Account}:training-job/{r.TrainingJobName}" })
            .On<Aws.SageMaker.DescribeTrainingJobRequest, Aws.SageMaker.DescribeTrainingJobResponse>("DescribeTrainingJob",
                r => SageMakerHarness.Training(r.TrainingJobName, Aws.SageMaker.TrainingJobStatus.Completed));
        return cloud;
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

    private static string Training(bool sync = false) =>
        SageMakerHarness.Definition(new TrainingStep("Train", Estimator, "job-1", sync) { Data = "s3://bucket/data/train" });

    private const string InvokeEcho = """
        {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"echo","Payload.$":"$"},"End":true}}}
        """;

    private static string Allow(string actions, string resource, string? condition = null) =>
        $$"""{"Effect":"Allow","Action":[{{actions}}],"Resource":"{{resource}}"{{(condition is null ? "" : $",\"Condition\":{condition}")}}}""";

    private const string PassToSageMaker = """{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}""";

    private async Task RoleAsync(string trust = StatesTrust, params string[] statements)
    {
        await _cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "StepFunctionsRole", AssumeRolePolicyDocument = trust });
        if (statements.Length > 0)
            await _cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
            {
                RoleName = "StepFunctionsRole", PolicyName = "execution",
                PolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{{string.Join(',', statements)}}]}""",
            });
    }

    private Task<CreateStateMachineOutput> CreateAsync(string definition, string role = Role) =>
        _cloud.StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput { Name = $"m{Interlocked.Increment(ref _machines)}", Definition = definition, RoleArn = role });

    private async Task<DescribeExecutionOutput> RunAsync(string definition)
    {
        var machine = await CreateAsync(definition);
        var started = await _cloud.StepFunctions.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Input = """{"n":1}""" });
        await _cloud.StepFunctions.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(20));
        return await _cloud.StepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
    }

    private static string Session(DescribeExecutionOutput execution) =>
        $"arn:aws:sts::{Account}:assumed-role/StepFunctionsRole/{ExecutionRoleAuthorizer.SessionName(execution.ExecutionArn)}";

    [Fact]
    public async Task A_role_granted_what_WorkflowPermissions_computes_runs_a_sync_training_task()
    {
        var definition = Training(sync: true);
        var policy = WorkflowPermissions.For(definition, new PermissionContext(Account, "us-east-1")).ToPolicyDocument();
        await RoleAsync(StatesTrust, [.. policy["Statement"]!.AsArray().Select(s => s!.ToJsonString())]);

        var execution = await RunAsync(definition);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Single(_fake.Requests<Aws.SageMaker.CreateTrainingJobRequest>("CreateTrainingJob"));
    }

    [Fact]
    public async Task A_role_without_sagemaker_CreateTrainingJob_fails_the_training_task_with_SageMakers_AccessDenied()
    {
        await RoleAsync(StatesTrust, Allow("\"sagemaker:DescribeTrainingJob\"", "*"), Allow("\"iam:PassRole\"", SageMakerRole, PassToSageMaker));

        var execution = await RunAsync(Training());

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("SageMaker.AmazonSageMakerException", execution.Error);
        Assert.StartsWith($"User: {Session(execution)} is not authorized to perform: sagemaker:CreateTrainingJob on resource: " +
            $"arn:aws:sagemaker:us-east-1:{Account}:training-job/job-1 because no identity-based policy allows the sagemaker:CreateTrainingJob action " +
            "(Service: AmazonSageMaker; Status Code: 400; Error Code: AccessDeniedException; Request ID: ", execution.Cause);
        Assert.Empty(_fake.Calls); // refused before SageMaker is called
        var history = (await _cloud.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = execution.ExecutionArn })).Events;
        Assert.Contains(history, e => e.Type == "TaskFailed" && e.TaskFailedEventDetails!.Error == "SageMaker.AmazonSageMakerException");
    }

    [Fact]
    public async Task A_role_that_may_not_pass_the_training_role_to_SageMaker_fails_on_iam_PassRole()
    {
        await RoleAsync(StatesTrust, Allow("\"sagemaker:CreateTrainingJob\"", "*"),
            Allow("\"iam:PassRole\"", SageMakerRole, """{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}"""));

        var execution = await RunAsync(Training());

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("SageMaker.AmazonSageMakerException", execution.Error);
        Assert.StartsWith($"User: {Session(execution)} is not authorized to perform: iam:PassRole on resource: {SageMakerRole} because no identity-based policy allows the iam:PassRole action",
            execution.Cause);
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task A_Catch_on_States_ALL_catches_the_denial()
    {
        await RoleAsync(StatesTrust, Allow("\"iam:PassRole\"", SageMakerRole, PassToSageMaker));
        var definition = JsonNode.Parse(Training())!;
        definition["States"]!["Train"]!["Catch"] = JsonNode.Parse("""[{"ErrorEquals":["States.ALL"],"Next":"Denied"}]""");
        definition["States"]!["Denied"] = JsonNode.Parse("""{"Type":"Pass","End":true}""");

        var execution = await RunAsync(definition.ToJsonString());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal("SageMaker.AmazonSageMakerException", output["Error"]!.GetValue<string>());
        Assert.Contains("is not authorized to perform: sagemaker:CreateTrainingJob", output["Cause"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lambda_invoke_needs_lambda_InvokeFunction_on_the_function_and_fails_with_Lambda_AWSLambdaException()
    {
        await RoleAsync(StatesTrust, Allow("\"lambda:InvokeFunction\"", $"arn:aws:lambda:us-east-1:{Account}:function:other"));

        var execution = await RunAsync(InvokeEcho);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Lambda.AWSLambdaException", execution.Error);
        Assert.StartsWith($"User: {Session(execution)} is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:{Account}:function:echo " +
            "because no identity-based policy allows the lambda:InvokeFunction action (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: ",
            execution.Cause);
    }

    [Fact]
    public async Task Lambda_invoke_runs_when_the_role_allows_it()
    {
        await RoleAsync(StatesTrust, Allow("\"lambda:InvokeFunction\"", $"arn:aws:lambda:us-east-1:{Account}:function:echo*"));

        var execution = await RunAsync(InvokeEcho);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(1, JsonNode.Parse(execution.Output!)!["Payload"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateStateMachine_refuses_a_role_states_amazonaws_com_cannot_assume_or_that_does_not_exist()
    {
        await RoleAsync("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");

        var untrusted = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(InvokeEcho));
        var missing = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(InvokeEcho, $"arn:aws:iam::{Account}:role/Nobody"));

        foreach (var error in (StepFunctionsException[])[untrusted, missing])
        {
            Assert.Equal("AccessDeniedException", error.ErrorCode);
            Assert.Equal("Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.", error.Message);
        }
    }

    [Fact]
    public async Task UpdateStateMachine_refuses_a_role_states_amazonaws_com_cannot_assume_and_the_regional_principal_is_trusted()
    {
        await _cloud.Iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "Regional",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.us-east-1.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        });
        var machine = await CreateAsync(InvokeEcho, $"arn:aws:iam::{Account}:role/Regional");

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => _cloud.StepFunctions.UpdateStateMachineAsync(
            new UpdateStateMachineInput { StateMachineArn = machine.StateMachineArn, RoleArn = $"arn:aws:iam::{Account}:role/Nobody" }));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
    }

    [Fact]
    public async Task A_sync_task_needs_the_role_to_create_its_managed_rule_at_CreateStateMachine()
    {
        await RoleAsync(StatesTrust, Allow("\"sagemaker:*\"", "*"), Allow("\"iam:PassRole\"", SageMakerRole, PassToSageMaker));

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(Training(sync: true)));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal($"'{Role}' is not authorized to create managed-rule.", error.Message);
        await CreateAsync(Training(sync: false)); // without .sync no rule is needed
    }

    [Fact]
    public async Task Without_EnforceIam_any_role_ARN_runs_every_task()
    {
        await _cloud.DisposeAsync();
        _cloud = Open(enforce: false);

        var lambda = await RunAsync(InvokeEcho);
        var training = await RunAsync(Training());

        Assert.Equal(ExecutionStatus.Succeeded, lambda.Status);
        Assert.Equal(ExecutionStatus.Succeeded, training.Status);
    }
}
