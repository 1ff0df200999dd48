using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Graphs;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Interactive.Tests.Graphs;

public class ExecutionProgressTests
{
    private static HistoryEvent Event(long id, long previous, string type, string? entered = null, string? exited = null) => new()
    {
        Id = id,
        PreviousEventId = previous,
        Type = type,
        Timestamp = DateTimeOffset.UnixEpoch,
        StateEnteredEventDetails = entered is null ? null : new StateEnteredEventDetails { Name = entered },
        StateExitedEventDetails = exited is null ? null : new StateExitedEventDetails { Name = exited },
    };

    [Fact]
    public void Entered_exited_failed_and_caught_states_get_their_colours()
    {
        var statuses = ExecutionProgress.Statuses([
            Event(1, 0, "ExecutionStarted"),
            Event(2, 1, "PassStateEntered", entered: "Prepare"),
            Event(3, 2, "PassStateExited", exited: "Prepare"),
            Event(4, 3, "TaskStateEntered", entered: "Build"),
            Event(5, 4, "TaskScheduled"),
            Event(6, 5, "TaskFailed"),
            Event(7, 6, "TaskScheduled"),
            Event(8, 7, "TaskFailed"),
            Event(9, 8, "FailStateEntered", entered: "BuildFailed"),
            Event(10, 9, "ExecutionFailed"),
        ]);
        Assert.Equal(NodeStatus.Succeeded, statuses["Prepare"]);
        Assert.Equal(NodeStatus.Caught, statuses["Build"]);
        Assert.Equal(NodeStatus.Failed, statuses["BuildFailed"]);
    }

    [Fact]
    public void A_retried_task_is_in_progress_again_and_aborted_states_are_cancelled()
    {
        var retried = ExecutionProgress.Statuses([
            Event(1, 0, "ExecutionStarted"),
            Event(2, 1, "TaskStateEntered", entered: "Train"),
            Event(3, 2, "TaskScheduled"),
            Event(4, 3, "TaskFailed"),
            Event(5, 4, "TaskScheduled"),
        ]);
        Assert.Equal(NodeStatus.InProgress, retried["Train"]);

        var aborted = ExecutionProgress.Statuses([
            Event(1, 0, "ExecutionStarted"),
            Event(2, 1, "WaitStateEntered", entered: "Pause"),
            Event(3, 2, "ExecutionAborted"),
        ]);
        Assert.Equal(NodeStatus.Cancelled, aborted["Pause"]);
    }

    [Fact]
    public void Parallel_branches_are_followed_by_their_own_chains()
    {
        var statuses = ExecutionProgress.Statuses([
            Event(1, 0, "ExecutionStarted"),
            Event(2, 1, "ParallelStateEntered", entered: "Both"),
            Event(3, 2, "ParallelStateStarted"),
            Event(4, 3, "TaskStateEntered", entered: "Left"),
            Event(5, 3, "TaskStateEntered", entered: "Right"),
            Event(6, 4, "TaskScheduled"),
            Event(7, 6, "TaskFailed"),
            Event(8, 5, "TaskStateExited", exited: "Right"),
        ]);
        Assert.Equal(NodeStatus.Failed, statuses["Left"]);
        Assert.Equal(NodeStatus.Succeeded, statuses["Right"]);
        Assert.Equal(NodeStatus.InProgress, statuses["Both"]);
    }
}

public class TablesTests
{
    [Fact]
    public void Event_table_escapes_and_shows_the_detail_of_each_event()
    {
        var table = new[]
        {
            new HistoryEvent { Id = 1, PreviousEventId = 0, Type = "ExecutionStarted", Timestamp = DateTimeOffset.UnixEpoch,
                ExecutionStartedEventDetails = new ExecutionStartedEventDetails { Input = "{\"a\":\"<b>\"}" } },
            new HistoryEvent { Id = 2, PreviousEventId = 1, Type = "TaskFailed", Timestamp = DateTimeOffset.UnixEpoch,
                TaskFailedEventDetails = new TaskFailedEventDetails { Error = "E", Cause = "c", Resource = "invoke", ResourceType = "lambda" } },
        }.ToEventTable();
        Assert.Contains("<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;font-family:monospace;font-size:12px\">E: c</td>", table.Html);
        Assert.Contains("&lt;b&gt;", table.Html);
        Assert.DoesNotContain("<b>", table.Html);
        Assert.Equal(3, table.Html.Split("<tr>").Length - 1);
    }
}
