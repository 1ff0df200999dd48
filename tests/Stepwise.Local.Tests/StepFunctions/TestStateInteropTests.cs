using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Tests.Interop;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.TestStates;

/// <summary>boto3 (botocore's current model, with the November 2025 TestState members) calls TestState on the one host
/// with a mock, a stateName and DEBUG, and reads AWS's shapes back.</summary>
public sealed class TestStateInteropTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Boto3_tests_a_mocked_training_state_of_a_whole_definition_at_DEBUG()
    {
        var python = await Hosting.ImageTools.PythonWithBoto3Async();
        await using var environment = await Testing.LocalCloudEnvironment.StartTemporaryAsync(new() { ResumeRunningExecutions = false });

        var run = await InteropProcess.RunAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "sfn_test_state_interop.py"), environment.Endpoint.ToString()],
            TimeSpan.FromMinutes(2), InteropProcess.AwsEnvironment());
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonNode.Parse(run.Stdout)!;

        Assert.Equal(TestExecutionStatus.Succeeded, (string?)result["status"]);
        Assert.Equal("Deploy", (string?)result["nextState"]);
        Assert.Equal("s3://bucket/job-1/model.tar.gz", (string?)result["output"]!["trained"]!["model"]);
        var inspection = result["inspection"]!;
        Assert.Equal("""{"name":"job-1"}""", (string?)inspection["input"]);
        Assert.Equal("""{"TrainingJobName":"job-1"}""", (string?)inspection["afterParameters"]);
        Assert.Equal("""{"model":"s3://bucket/job-1/model.tar.gz"}""", (string?)inspection["afterResultSelector"]);

        var refused = result["refused"]!;
        Assert.Equal("ValidationException", (string?)refused["code"]);
        Assert.Equal(400, (int)refused["status"]!);
        Assert.Equal("Mock result schema validation error: Required field 'TrainingJobArn' is missing", (string?)refused["message"]);

        var retried = result["retried"]!;
        Assert.Equal(TestExecutionStatus.Retriable, (string?)retried["status"]);
        Assert.Equal(0, (int)retried["errorDetails"]!["retryIndex"]!);
        Assert.Equal(4, (int)retried["errorDetails"]!["retryBackoffIntervalSeconds"]!);
    }
}
