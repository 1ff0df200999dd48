using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local.Tests.StepFunctionsApi;

/// <summary>RedriveExecution: AWS's rules, the history it appends, and a redrive that survives a restart.</summary>
public sealed class RedriveTests : ServiceFixture
{
    private const string Flaky = """
        {"StartAt":"Before","States":{
          "Before":{"Type":"Pass","Result":{"n":1},"ResultPath":"$.before","Next":"Work"},
          "Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky","Next":"After"},
          "After":{"Type":"Pass","Parameters":{"done":true,"redrives.$":"$$.Execution.RedriveCount"},"End":true}}}
        """;

    private readonly VirtualClock _clock = new(DateTimeOffset.UtcNow);

    protected override LocalStepFunctionsOptions Options => base.Options with { Clock = _clock };

    private async Task<DescribeExecutionOutput> FailOnceAsync(Func<System.Text.Json.Nodes.JsonNode?, System.Text.Json.Nodes.JsonNode?>? afterwards = null)
    {
        var attempts = 0;
        Sfn.Lambda.Register("flaky", p => Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("first time") : (afterwards ?? (x => x))(p));
        var machine = await CreateAsync("flaky", Flaky);
        var failed = await RunAsync(machine, """{"x":1}""", "once");
        Assert.Equal("FAILED", failed.Status);
        return failed;
    }

    [Fact]
    public async Task A_failed_execution_continues_from_the_failed_state_and_appends_to_its_history()
    {
        var failed = await FailOnceAsync();
        Assert.Equal(("REDRIVABLE", 0), (failed.RedriveStatus, failed.RedriveCount));

        var redrive = await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn });
        var done = await WaitAsync(failed.ExecutionArn);
        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal("""{"done":true,"redrives":1}""", done.Output);
        Assert.Equal((1, redrive.RedriveDate), (done.RedriveCount, done.RedriveDate));
        Assert.Equal(("NOT_REDRIVABLE", "Execution is SUCCEEDED and cannot be redriven."), (done.RedriveStatus, done.RedriveStatusReason));

        var history = await HistoryAsync(failed.ExecutionArn);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        var redriven = Assert.Single(history, e => e.Type == "ExecutionRedriven");
        Assert.Equal(1, redriven.ExecutionRedrivenEventDetails!.RedriveCount);
        Assert.Equal("ExecutionFailed", history[(int)redriven.Id - 2].Type);
        Assert.Equal(("TaskStateEntered", "Work", redriven.Id), (history[(int)redriven.Id].Type, history[(int)redriven.Id].StateEnteredEventDetails!.Name, history[(int)redriven.Id].PreviousEventId));
        Assert.Single(history, e => e.Type == "PassStateEntered" && e.StateEnteredEventDetails!.Name == "Before");
        Assert.Single(history, e => e.Type == "ExecutionStarted");

        var error = await RefusedAsync(() => Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn }), "ExecutionNotRedrivable");
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", error.Message);
        Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = failed.StateMachineArn, RedriveFilter = "REDRIVEN" })).Executions);
        Assert.Empty((await Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = failed.StateMachineArn, RedriveFilter = "NOT_REDRIVEN" })).Executions);
        await RefusedAsync(() => Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = failed.StateMachineArn, RedriveFilter = "SOMETIMES" }), "ValidationException");
    }

    [Fact]
    public async Task The_same_client_token_redrives_once()
    {
        var gate = new TaskCompletionSource();
        var failed = await FailOnceAsync(p => { gate.Task.Wait(TimeSpan.FromSeconds(10)); return p; });
        var first = await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn, ClientToken = "token-1" });
        var again = await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn, ClientToken = "token-1" });
        Assert.Equal(first.RedriveDate, again.RedriveDate);
        var running = await RefusedAsync(() => Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn }), "ExecutionNotRedrivable");
        Assert.Equal("Execution is RUNNING and cannot be redriven.", running.Message);
        gate.SetResult();
        Assert.Equal(1, (await WaitAsync(failed.ExecutionArn)).RedriveCount);
        await RefusedAsync(() => Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn, ClientToken = "has space" }), "ValidationException");
    }

    [Fact]
    public async Task An_execution_that_stopped_over_14_days_ago_is_not_redrivable()
    {
        var failed = await FailOnceAsync();
        _clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        var described = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = failed.ExecutionArn });
        Assert.Equal(("NOT_REDRIVABLE", "Execution redrivable period exceeded."), (described.RedriveStatus, described.RedriveStatusReason));
        var error = await RefusedAsync(() => Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn }), "ExecutionNotRedrivable");
        Assert.Equal("Execution redrivable period exceeded.", error.Message);
        await RefusedAsync(() => Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:flaky:ghost" }), "ExecutionDoesNotExist");
        await RefusedAsync(() => Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = "not-an-arn" }), "InvalidArn");
    }

    [Fact]
    public async Task A_redriven_execution_resumes_after_a_restart()
    {
        var failed = await FailOnceAsync();
        Sfn.Lambda.Register("flaky", async (p, ct) => { await Task.Delay(Timeout.Infinite, ct); return p; });
        await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn });
        await Task.Delay(200);
        await Sfn.DisposeAsync();

        Sfn = new LocalStepFunctions(Options);
        Sfn.Lambda.Register("flaky", p => p);
        var done = await WaitAsync(failed.ExecutionArn);
        Assert.Equal(("SUCCEEDED", 1), (done.Status, done.RedriveCount));
        var history = await HistoryAsync(failed.ExecutionArn);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Single(history, e => e.Type == "ExecutionRedriven");
    }
}
