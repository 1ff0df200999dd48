using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.Testing;
using Stepwise.Local.Tests.Reliability;

namespace Stepwise.Local.Tests.Mocks;

/// <summary>Executions started on <c>stateMachineArn#TestCase</c> run the test case's mocked responses, on a definition
/// shaped like the seed pipeline: a build Lambda (Retry States.TaskFailed ×2, Catch States.ALL → LambdaTaskFailed),
/// then a SageMaker <c>createTrainingJob.sync</c>.</summary>
public sealed class MockedExecutionTests
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";

    private const string Pipeline = """
        {
          "StartAt": "Build",
          "States": {
            "Build": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": { "FunctionName": "builder", "Payload.$": "$" },
              "ResultSelector": { "ImageUri.$": "$.Payload.ImageUri" },
              "ResultPath": "$.Build",
              "Retry": [{ "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 60, "MaxAttempts": 2, "BackoffRate": 2 }],
              "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "LambdaTaskFailed" }],
              "Next": "Train"
            },
            "Train": {
              "Type": "Task",
              "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
              "Parameters": {
                "TrainingJobName.$": "$.JobName",
                "AlgorithmSpecification": { "TrainingImage.$": "$.Build.ImageUri", "TrainingInputMode": "File" },
                "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
                "OutputDataConfig": { "S3OutputPath": "s3://bucket/output" },
                "ResourceConfig": { "InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30 },
                "StoppingCondition": { "MaxRuntimeInSeconds": 3600 }
              },
              "ResultSelector": { "Status.$": "$.TrainingJobStatus", "Model.$": "$.ModelArtifacts.S3ModelArtifacts" },
              "ResultPath": "$.Training",
              "End": true
            },
            "LambdaTaskFailed": { "Type": "Fail", "Error": "LambdaTaskFailed", "Cause": "The build Lambda failed." }
          }
        }
        """;

    private const string MockFile = """
        {
          "StateMachines": {
            "pipeline": {
              "TestCases": {
                "HappyPath": { "Build": "BuildSucceeds", "Train": "TrainingCompletes" },
                "BuildFails": { "Build": "BuildThrows" },
                "RealBuild": { "Train": "TrainingCompletes" }
              }
            }
          },
          "MockedResponses": {
            "BuildSucceeds": { "0": { "Return": { "StatusCode": 200, "Payload": { "ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/maskrcnn:mocked" } } } },
            "BuildThrows": { "0-2": { "Throw": { "Error": "Lambda.ServiceException", "Cause": "The builder could not push the image." } } },
            "TrainingCompletes": {
              "0": {
                "Return": {
                  "TrainingJobName": "job-1",
                  "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
                  "TrainingJobStatus": "Completed",
                  "SecondaryStatus": "Completed",
                  "ModelArtifacts": { "S3ModelArtifacts": "s3://bucket/output/job-1/output/model.tar.gz" }
                }
              }
            }
          }
        }
        """;

    private static async Task<(LocalCloudEnvironment Env, string MachineArn)> StartAsync(MockConfig mocks)
    {
        var env = await LocalCloudEnvironment.StartTimeSkippingAsync(new LocalCloudEnvironmentOptions { StartHost = false, StepFunctionsMocks = mocks });
        var machine = await env.Cloud.StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput { Name = "pipeline", Definition = Pipeline, RoleArn = Role });
        return (env, machine.StateMachineArn);
    }

    private static async Task<(DescribeExecutionOutput Execution, List<HistoryEvent> History)> RunAsync(LocalCloudEnvironment env, string arn, string name)
    {
        var sfn = env.Cloud.StepFunctions;
        var started = await sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = name, Input = """{"JobName":"job-1"}""" });
        await sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(30));
        var execution = await sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = started.ExecutionArn, MaxResults = 1000 })).Events;
        return (execution, [.. history]);
    }

    [Fact]
    public async Task The_happy_path_test_case_succeeds_with_the_mocked_build_and_training_and_no_SageMaker_job()
    {
        var (env, arn) = await StartAsync(MockConfig.Parse(MockFile));
        await using var _ = env;

        var (execution, history) = await RunAsync(env, arn + "#HappyPath", "happy");

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        // Step Functions Local names the execution after the state machine, without the test case.
        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:pipeline:happy", execution.ExecutionArn);
        Assert.Equal(arn, execution.StateMachineArn);
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/maskrcnn:mocked", output["Build"]!["ImageUri"]!.GetValue<string>());
        Assert.Equal("Completed", output["Training"]!["Status"]!.GetValue<string>());
        Assert.Equal("s3://bucket/output/job-1/output/model.tar.gz", output["Training"]!["Model"]!.GetValue<string>());
        Assert.Equal(["TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskScheduled", "TaskStarted", "TaskSucceeded"],
            history.Select(e => e.Type).Where(t => t.StartsWith("Task", StringComparison.Ordinal) && !t.StartsWith("TaskState", StringComparison.Ordinal)));
        Assert.Contains(history, e => e.TaskScheduledEventDetails is { ResourceType: "sagemaker", Resource: "createTrainingJob.sync" });
        Assert.Empty((await env.Cloud.SageMaker.ListTrainingJobsAsync(new Aws.SageMaker.ListTrainingJobsRequest())).TrainingJobSummaries ?? []);
    }

    [Fact]
    public async Task A_build_that_throws_on_attempts_0_to_2_is_retried_twice_then_caught_into_LambdaTaskFailed()
    {
        var (env, arn) = await StartAsync(MockConfig.Parse(MockFile));
        await using var _ = env;

        var (execution, history) = await RunAsync(env, arn + "#BuildFails", "fails");

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("LambdaTaskFailed", execution.Error);
        Assert.Equal("The build Lambda failed.", execution.Cause);
        var failures = history.Where(e => e.Type == "TaskFailed").Select(e => e.TaskFailedEventDetails!).ToList();
        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.Equal(("Lambda.ServiceException", "The builder could not push the image."), (f.Error, f.Cause)));
        Assert.DoesNotContain(history, e => e.StateEnteredEventDetails?.Name == "Train");
        Assert.Contains(history, e => e.StateEnteredEventDetails?.Name == "LambdaTaskFailed");
    }

    [Fact]
    public async Task An_unmocked_state_calls_the_real_local_service()
    {
        var (env, arn) = await StartAsync(MockConfig.Parse(MockFile));
        await using var _ = env;
        env.Cloud.Lambda.Register("builder", _ => new JsonObject { ["ImageUri"] = "local/maskrcnn:built" });

        var (execution, _) = await RunAsync(env, arn + "#RealBuild", "real-build");

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        Assert.Equal("local/maskrcnn:built", JsonNode.Parse(execution.Output!)!["Build"]!["ImageUri"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mocks_registered_in_code_drive_the_same_retries()
    {
        var mocks = MockConfig.Empty
            .With("pipeline", "FlakyBuild", "Build", MockedResponse.Throwing("Lambda.TooManyRequestsException", "Rate exceeded", times: 2)
                .ThenReturning("""{"Payload":{"ImageUri":"image:third-try"}}"""))
            .With("pipeline", "FlakyBuild", "Train", MockedResponse.Returning("""{"TrainingJobStatus":"Completed","ModelArtifacts":{"S3ModelArtifacts":"s3://b/m.tar.gz"}}"""));
        var (env, arn) = await StartAsync(mocks);
        await using var _ = env;

        var (execution, history) = await RunAsync(env, arn + "#FlakyBuild", "flaky");

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        Assert.Equal(2, history.Count(e => e.Type == "TaskFailed"));
        Assert.Equal("image:third-try", JsonNode.Parse(execution.Output!)!["Build"]!["ImageUri"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_mocked_waitForTaskToken_task_completes_with_its_mocked_response()
    {
        var mocks = MockConfig.Empty.With("callback", "Mocked", "Wait", MockedResponse.Returning("""{"approved":true}"""));
        await using var env = await LocalCloudEnvironment.StartTimeSkippingAsync(new LocalCloudEnvironmentOptions { StartHost = false, StepFunctionsMocks = mocks });
        var machine = await env.Cloud.StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = "callback", RoleArn = Role, Definition = """
                {"StartAt":"Wait","States":{"Wait":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"approver","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}
                """,
        });

        var (execution, _) = await RunAsync(env, machine.StateMachineArn + "#Mocked", "callback");

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        Assert.True(JsonNode.Parse(execution.Output!)!["approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StartSyncExecution_on_an_express_machine_runs_the_test_case_too()
    {
        var mocks = MockConfig.Empty.With("express", "Mocked", "Call", MockedResponse.Returning("""{"Payload":{"n":42}}"""));
        await using var env = await LocalCloudEnvironment.StartTimeSkippingAsync(new LocalCloudEnvironmentOptions { StartHost = false, StepFunctionsMocks = mocks });
        var machine = await env.Cloud.StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = "express", RoleArn = Role, Type = StateMachineType.Express, Definition = """
                {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Parameters":{"FunctionName":"missing"},"OutputPath":"$.Payload","End":true}}}
                """,
        });

        var result = await env.Cloud.StepFunctions.StartSyncExecutionAsync(new StartSyncExecutionInput { StateMachineArn = machine.StateMachineArn + "#Mocked", Input = "{}" });

        Assert.True(result.Status == SyncExecutionStatus.Succeeded, $"{result.Status}: {result.Error} {result.Cause}");
        Assert.Equal("""{"n":42}""", result.Output);
        Assert.Equal(machine.StateMachineArn, result.StateMachineArn);
    }

    [Fact]
    public async Task An_unknown_test_case_is_refused_as_a_state_machine_that_does_not_exist()
    {
        var (env, arn) = await StartAsync(MockConfig.Parse(MockFile));
        await using var _ = env;

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => env.Cloud.StepFunctions.StartExecutionAsync(
            new StartExecutionInput { StateMachineArn = arn + "#SadPath", Input = "{}" }));

        Assert.Equal(StepFunctionsErrorCodes.StateMachineDoesNotExist, error.ErrorCode);
        Assert.Equal($"State Machine Does Not Exist: '{arn}#SadPath': the mock configuration has no test case 'SadPath' for the state machine 'pipeline' (its test cases: BuildFails, HappyPath, RealBuild)", error.Message);
    }

    [Fact]
    public async Task Over_the_wire_a_test_case_runs_and_an_unknown_one_answers_StateMachineDoesNotExist()
    {
        await using var env = await LocalCloudEnvironment.StartTimeSkippingAsync(new LocalCloudEnvironmentOptions { StepFunctionsMocks = MockConfig.Parse(MockFile) });
        using var client = new AwsJsonClient(env.Endpoint);
        var arn = (await client.CallAsync("CreateStateMachine", new JsonObject { ["name"] = "pipeline", ["definition"] = Pipeline, ["roleArn"] = Role }))["stateMachineArn"]!.GetValue<string>();

        var execution = (await client.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = arn + "#BuildFails", ["input"] = "{}" }))["executionArn"]!.GetValue<string>();
        await env.Cloud.StepFunctions.WaitForExecutionAsync(execution).WaitAsync(TimeSpan.FromSeconds(30));
        var described = await client.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = execution });
        var (status, body) = await client.SendAsync(HttpMethod.Post, "AWSStepFunctions.StartExecution", AwsJsonClient.ContentType,
            System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["stateMachineArn"] = arn + "#Nope", ["input"] = "{}" }.ToJsonString()));

        Assert.Equal(("FAILED", "LambdaTaskFailed", arn), (described["status"]!.GetValue<string>(), described["error"]!.GetValue<string>(), described["stateMachineArn"]!.GetValue<string>()));
        Assert.Equal(400, status);
        Assert.EndsWith("StateMachineDoesNotExist", JsonNode.Parse(body)!["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_start_runs_every_state_for_real()
    {
        var (env, arn) = await StartAsync(MockConfig.Parse(MockFile));
        await using var _ = env;

        var (execution, _) = await RunAsync(env, arn, "unmocked");

        // No builder function is registered: the real Lambda call fails, the Catch fires.
        Assert.Equal("LambdaTaskFailed", execution.Error);
    }
}
