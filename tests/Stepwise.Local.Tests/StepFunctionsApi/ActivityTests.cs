using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.StepFunctionsApi;

/// <summary>Activities: the API, Task states that wait for a worker, and the history AWS records for them.</summary>
public sealed class ActivityTests : ServiceFixture
{
    private async Task<(string Activity, string Execution)> StartWorkAsync(string extra = "")
    {
        var activity = (await Sfn.CreateActivityAsync(new CreateActivityInput { Name = "review" })).ActivityArn;
        var machine = await CreateAsync("reviewed", """
            {"StartAt":"Review","States":{"Review":{"Type":"Task","Resource":"ACTIVITY","Parameters":{"doc.$":"$.doc"}EXTRA,"ResultPath":"$.review","End":true}}}
            """.Replace("ACTIVITY", activity).Replace("EXTRA", extra));
        var started = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine, Input = """{"doc":"d1"}""" });
        return (activity, started.ExecutionArn);
    }

    [Fact]
    public async Task A_worker_takes_the_task_and_its_result_ends_the_state()
    {
        var (activity, execution) = await StartWorkAsync();
        var task = await Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = activity, WorkerName = "worker-1" });
        Assert.Equal("""{"doc":"d1"}""", task.Input);
        await Sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatInput { TaskToken = task.TaskToken! });
        await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = task.TaskToken!, Output = """{"ok":true}""" });
        var done = await WaitAsync(execution);
        Assert.Equal(("SUCCEEDED", """{"doc":"d1","review":{"ok":true}}"""), (done.Status, done.Output));

        var history = await HistoryAsync(execution);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"],
            history.Select(e => e.Type));
        Assert.Equal((activity, """{"doc":"d1"}"""), (history[2].ActivityScheduledEventDetails!.Resource, history[2].ActivityScheduledEventDetails!.Input));
        Assert.Equal("worker-1", history[3].ActivityStartedEventDetails!.WorkerName);
        Assert.Equal("""{"ok":true}""", history[4].ActivitySucceededEventDetails!.Output);
        await RefusedAsync(() => Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = task.TaskToken!, Output = "{}" }), "TaskDoesNotExist");
    }

    [Fact]
    public async Task A_worker_failure_fails_the_state_with_its_error()
    {
        var (activity, execution) = await StartWorkAsync();
        var task = await Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = activity });
        await Sfn.SendTaskFailureAsync(new SendTaskFailureInput { TaskToken = task.TaskToken!, Error = "Rejected", Cause = "not good enough" });
        var done = await WaitAsync(execution);
        Assert.Equal(("FAILED", "Rejected", "not good enough"), (done.Status, done.Error, done.Cause));
        var failed = Assert.Single(await HistoryAsync(execution), e => e.Type == "ActivityFailed");
        Assert.Equal("Rejected", failed.ActivityFailedEventDetails!.Error);
    }

    [Fact]
    public async Task A_task_no_worker_takes_times_out_with_States_Timeout()
    {
        var (_, execution) = await StartWorkAsync(""","TimeoutSeconds":1""");
        var done = await WaitAsync(execution);
        Assert.Equal(("FAILED", "States.Timeout"), (done.Status, done.Error));
        var history = await HistoryAsync(execution);
        Assert.Equal(1, history.Single(e => e.Type == "ActivityScheduled").ActivityScheduledEventDetails!.TimeoutInSeconds);
        Assert.Equal("States.Timeout", Assert.Single(history, e => e.Type == "ActivityTimedOut").ActivityTimedOutEventDetails!.Error);
        Assert.DoesNotContain(history, e => e.Type == "ActivityStarted");
    }

    [Fact]
    public async Task A_worker_that_stops_sending_heartbeats_times_out_with_States_HeartbeatTimeout()
    {
        var (activity, execution) = await StartWorkAsync(""","HeartbeatSeconds":1""");
        var task = await Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = activity });
        Assert.NotNull(task.TaskToken);
        var done = await WaitAsync(execution);
        Assert.Equal(("FAILED", "States.HeartbeatTimeout"), (done.Status, done.Error));
        Assert.Equal("States.HeartbeatTimeout", Assert.Single(await HistoryAsync(execution), e => e.Type == "ActivityTimedOut").ActivityTimedOutEventDetails!.Error);
    }

    [Fact]
    public async Task GetActivityTask_waits_for_a_task_and_is_cancellable()
    {
        var activity = (await Sfn.CreateActivityAsync(new CreateActivityInput { Name = "idle" })).ActivityArn;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = activity }, cancel.Token));

        var machine = await CreateAsync("later", """{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"ACTIVITY","End":true}}}""".Replace("ACTIVITY", activity));
        var poll = Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = activity });
        await Task.Delay(100);
        var started = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine, Input = """{"n":1}""" });
        var task = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("""{"n":1}""", task.Input);
        await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = task.TaskToken!, Output = "2" });
        Assert.Equal("2", (await WaitAsync(started.ExecutionArn)).Output);
    }

    [Fact]
    public async Task Activities_are_created_once_listed_described_and_deleted()
    {
        var arn = (await Sfn.CreateActivityAsync(new CreateActivityInput { Name = "a1", Tags = [new Tag { Key = "team", Value = "ml" }] })).ActivityArn;
        Assert.Equal("arn:aws:states:us-east-1:123456789012:activity:a1", arn);
        Assert.Equal(arn, (await Sfn.CreateActivityAsync(new CreateActivityInput { Name = "a1" })).ActivityArn);
        await Sfn.CreateActivityAsync(new CreateActivityInput { Name = "a2" });
        Assert.Equal("a1", (await Sfn.DescribeActivityAsync(new DescribeActivityInput { ActivityArn = arn })).Name);
        Assert.Equal("ml", Assert.Single((await Sfn.ListTagsForResourceAsync(new ListTagsForResourceInput { ResourceArn = arn })).Tags!).Value);
        var page = await Sfn.ListActivitiesAsync(new ListActivitiesInput { MaxResults = 1 });
        Assert.Equal("a1", Assert.Single(page.Activities).Name);
        Assert.Equal("a2", Assert.Single((await Sfn.ListActivitiesAsync(new ListActivitiesInput { NextToken = page.NextToken })).Activities).Name);

        await Sfn.DeleteActivityAsync(new DeleteActivityInput { ActivityArn = arn });
        await Sfn.DeleteActivityAsync(new DeleteActivityInput { ActivityArn = arn });
        await RefusedAsync(() => Sfn.DescribeActivityAsync(new DescribeActivityInput { ActivityArn = arn }), "ActivityDoesNotExist");
        await RefusedAsync(() => Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = arn }), "ActivityDoesNotExist");
        await RefusedAsync(() => Sfn.DescribeActivityAsync(new DescribeActivityInput { ActivityArn = "arn:aws:states:us-east-1:123456789012:stateMachine:a1" }), "InvalidArn");
        await RefusedAsync(() => Sfn.CreateActivityAsync(new CreateActivityInput { Name = "has space" }), "InvalidName");
    }
}
