using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Local.Logs;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local.StepFunctions;

/// <summary>
/// The part of an execution's journal that goes to CloudWatch Logs: each history event the level includes becomes one
/// JSON line of the execution's stream, in the shape AWS documents on "Using CloudWatch Logs to log execution history"
/// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html):
/// <c>{"id":"3","type":"PassStateEntered","details":{…},"previous_event_id":"2","event_timestamp":"1700000000000","execution_arn":"…"}</c>
/// — ids and the epoch-millisecond timestamp as strings, <c>details</c> the event's details object (absent when it has
/// none), without <c>input</c>/<c>output</c>/<c>parameters</c> and their details when <c>includeExecutionData</c> is false.
/// Lines are queued, never awaited: logging does not hold up the engine (its <see cref="FlushAsync"/> returns at once).
/// </summary>
internal sealed class ExecutionLogJournal(BufferedLogStream stream, string executionArn, string level, bool includeExecutionData)
    : IExecutionJournal, IAsyncDisposable
{
    private static readonly string[] DataFields = ["input", "inputDetails", "output", "outputDetails", "parameters"];

    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stream an execution started at <paramref name="start"/> writes: <c>states/{name}/{yyyy-MM-dd-HH-mm}/{8 hex}</c>.</summary>
    public static string StreamName(string stateMachineName, DateTimeOffset start) =>
        $"states/{stateMachineName}/{start.UtcDateTime.ToString("yyyy-MM-dd-HH-mm", CultureInfo.InvariantCulture)}/{Guid.NewGuid().ToString("N")[..8]}";

    public void Record(ExecutionEvent historyEvent)
    {
        if (!ExecutionLogLevel.Includes(level, historyEvent.Type)) return;
        stream.Write(new LogLine(historyEvent.Timestamp, Line(historyEvent, executionArn, includeExecutionData)));
    }

    public void Save(Checkpoint checkpoint)
    {
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Stores the queued lines (at the execution's end).</summary>
    public ValueTask DisposeAsync() => stream.DisposeAsync();

    /// <summary>One event as its CloudWatch Logs line.</summary>
    public static string Line(ExecutionEvent historyEvent, string executionArn, bool includeExecutionData)
    {
        var line = new JsonObject
        {
            ["id"] = historyEvent.Id.ToString(CultureInfo.InvariantCulture),
            ["type"] = historyEvent.Type,
        };
        if (historyEvent.Details is { } details)
        {
            var copy = (JsonObject)details.DeepClone();
            if (!includeExecutionData)
                foreach (var field in DataFields) copy.Remove(field);
            line["details"] = copy;
        }
        line["previous_event_id"] = historyEvent.PreviousEventId.ToString(CultureInfo.InvariantCulture);
        line["event_timestamp"] = historyEvent.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        line["execution_arn"] = executionArn;
        return line.ToJsonString(LineOptions);
    }
}
