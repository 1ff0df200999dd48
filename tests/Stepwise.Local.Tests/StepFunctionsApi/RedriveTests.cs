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
    private const string Lambda = "arn:aws:lambda:us-east-1:123456789012:function:";

    [Fact]
    public async Task A_redriven_Parallel_reruns_only_its_failed_branch_from_the_state_that_failed()
    {
        var steady = 0;
        var flaky = 0;
        var steadyDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Sfn.Lambda.Register("steady", p => { Interlocked.Increment(ref steady); steadyDone.TrySetResult(); return new System.Text.Json.Nodes.JsonObject { ["steady"] = true }; });
        Sfn.Lambda.Register("flaky", async (p, ct) =>
        {
            await steadyDone.Task.WaitAsync(ct); // the other branch succeeds first
            if (Interlocked.Increment(ref flaky) == 1) throw new InvalidOperationException("first time");
            return new System.Text.Json.Nodes.JsonObject { ["flaky"] = true };
        });
        var machine = await CreateAsync("fork", """
            {"StartAt":"Fork","States":{
              "Fork":{"Type":"Parallel","Next":"Done","Branches":[
                {"StartAt":"Steady","States":{"Steady":{"Type":"Task","Resource":"LAMBDAsteady","End":true}}},
                {"StartAt":"Prep","States":{
                  "Prep":{"Type":"Pass","Result":"prepared","ResultPath":"$.prep","Next":"Flaky"},
                  "Flaky":{"Type":"Task","Resource":"LAMBDAflaky","End":true}}}]},
              "Done":{"Type":"Pass","End":true}}}
            """.Replace("LAMBDA", Lambda));
        var failed = await RunAsync(machine, "{}", "fork-1");
        Assert.Equal("FAILED", failed.Status);

        await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn });
        var done = await WaitAsync(failed.ExecutionArn);
        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal("""[{"steady":true},{"flaky":true}]""", done.Output);
        Assert.Equal((1, 2), (steady, flaky));

        var history = await HistoryAsync(failed.ExecutionArn);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        var redriven = Assert.Single(history, e => e.Type == "ExecutionRedriven").Id;
        var after = history.Where(e => e.Id > redriven).ToList();
        Assert.Equal(["ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered"], after.Take(3).Select(e => e.Type));
        Assert.Equal("Flaky", after[2].StateEnteredEventDetails!.Name);
        Assert.Equal(after[1].Id, after[2].PreviousEventId); // the branch's chain starts at ParallelStateStarted
        Assert.DoesNotContain(after, e => e.StateEnteredEventDetails?.Name is "Steady" or "Prep");
        Assert.Equal("""{"prep":"prepared"}""", after[2].StateEnteredEventDetails!.Input); // the failed state's own input
        Assert.Equal(["ParallelStateSucceeded", "ParallelStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            after.TakeLast(5).Select(e => e.Type));
    }

    [Fact]
    public async Task A_redriven_inline_Map_reruns_only_its_unsuccessful_iterations_and_keeps_the_others_results()
    {
        var calls = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        Sfn.Lambda.Register("item", p =>
        {
            var value = p!["v"]!.GetValue<int>();
            if (calls.AddOrUpdate(value, 1, (_, n) => n + 1) == 1 && value == 1) throw new InvalidOperationException("item 1 fails once");
            return new System.Text.Json.Nodes.JsonObject { ["done"] = value };
        });
        var machine = await CreateAsync("each", """
            {"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":1,"End":true,"ItemProcessor":{"StartAt":"Prep","States":{
              "Prep":{"Type":"Pass","Parameters":{"v.$":"$.v"},"Next":"Item"},
              "Item":{"Type":"Task","Resource":"LAMBDAitem","End":true}}}}}}
            """.Replace("LAMBDA", Lambda));
        var failed = await RunAsync(machine, """[{"v":0},{"v":1},{"v":2}]""", "each-1");
        Assert.Equal("FAILED", failed.Status);
        Assert.False(calls.ContainsKey(2)); // MaxConcurrency 1: the third item had not started

        await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = failed.ExecutionArn });
        var done = await WaitAsync(failed.ExecutionArn);
        Assert.Equal(("SUCCEEDED", """[{"done":0},{"done":1},{"done":2}]"""), (done.Status, done.Output));
        Assert.Equal((1, 2, 1), (calls[0], calls[1], calls[2]));

        var history = await HistoryAsync(failed.ExecutionArn);
        var redriven = Assert.Single(history, e => e.Type == "ExecutionRedriven").Id;
        var after = history.Where(e => e.Id > redriven).ToList();
        Assert.Equal(["MapStateEntered", "MapStateStarted"], after.Take(2).Select(e => e.Type));
        Assert.Equal(3, after[1].MapStateStartedEventDetails!.Length);
        Assert.Equal([1, 2], after.Where(e => e.Type == "MapIterationStarted").Select(e => e.MapIterationStartedEventDetails!.Index!.Value));
        // Item 1 picks up at the Task that failed; item 2 starts at the beginning.
        Assert.Equal(["Item", "Prep", "Item"], after.Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal) && e.Type != "MapStateEntered")
            .Select(e => e.StateEnteredEventDetails!.Name));
        Assert.Equal(["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"], after.TakeLast(3).Select(e => e.Type));
    }

    [Fact]
    public async Task An_aborted_Parallel_is_redriven_from_its_unfinished_branch()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var quick = 0;
        Sfn.Lambda.Register("quick", p => { Interlocked.Increment(ref quick); gate.TrySetResult(); return p; });
        Sfn.Lambda.Register("slow", async (p, ct) => { await Task.Delay(Timeout.Infinite, ct); return p; });
        var machine = await CreateAsync("stopped", """
            {"StartAt":"Fork","States":{"Fork":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Quick","States":{"Quick":{"Type":"Task","Resource":"LAMBDAquick","End":true}}},
              {"StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"LAMBDAslow","End":true}}}]}}}
            """.Replace("LAMBDA", Lambda));
        var started = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine, Input = """{"x":1}""" });
        await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        await Sfn.StopExecutionAsync(new StopExecutionInput { ExecutionArn = started.ExecutionArn });
        Assert.Equal("ABORTED", (await WaitAsync(started.ExecutionArn)).Status);

        Sfn.Lambda.Register("slow", p => new System.Text.Json.Nodes.JsonObject { ["slow"] = true });
        await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = started.ExecutionArn });
        var done = await WaitAsync(started.ExecutionArn);
        Assert.Equal(("SUCCEEDED", """[{"x":1},{"slow":true}]"""), (done.Status, done.Output));
        Assert.Equal(1, quick);
    }
}
