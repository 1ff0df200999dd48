using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Testing;
using Stepwise.Workflows;

namespace Stepwise.Workbook.Tests;

/// <summary>Waiting for an execution polls on the workflow's clock, at the workflow's interval: no global settings.</summary>
public sealed class ExecutionPollingTests
{
    [Fact]
    public async Task WaitAsync_polls_on_the_injected_clock_at_the_workflow_s_interval()
    {
        await using var environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });
        var tokens = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        environment.Cloud.Lambda.Register("hold", payload =>
        {
            tokens.TrySetResult((string)payload!["token"]!);
            return payload;
        });
        var clock = new FakeTimeProvider();
        var step = new LambdaStep("Hold", waitForCallback: true)
        {
            Parameters = new Dictionary<string, object> { ["FunctionName"] = "hold", ["Payload"] = new Dictionary<string, object> { ["token.$"] = "$$.Task.Token" } },
        };
        var workflow = new Workflow("Polled", new Chain(step), "arn:aws:iam::123456789012:role/R")
        {
            Client = environment.Cloud.StepFunctions,
            Time = clock,
            PollInterval = TimeSpan.FromSeconds(10),
            Log = TextWriter.Null,
        };
        await workflow.CreateAsync();
        var execution = await workflow.ExecuteAsync();
        var token = await tokens.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var waiting = execution.WaitAsync();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await environment.Cloud.StepFunctions.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = token, Output = "{}" });
        await environment.Cloud.StepFunctions.WaitForExecutionAsync(execution.ExecutionArn);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "it must not poll again before the interval has passed on its clock");

        clock.Advance(TimeSpan.FromSeconds(10));
        var described = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        Assert.Equal(TimeSpan.FromSeconds(10), execution.PollInterval);
        Assert.Same(clock, execution.Time);
    }
}
