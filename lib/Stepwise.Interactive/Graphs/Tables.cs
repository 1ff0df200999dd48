using System.Net;
using System.Text;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Interactive.Graphs;

/// <summary>A ready-made HTML table (self-contained: inline styles, no script).</summary>
public sealed record HtmlTable(string Html)
{
    public override string ToString() => Html;
}

/// <summary>An execution's history as a table: id, previous id, time, type, state, and the detail that matters
/// for the event (resource, error and cause, or the payload, shortened).</summary>
public static class Tables
{
    private const int MaxPayload = 120;

    public static HtmlTable ToEventTable(this IEnumerable<HistoryEvent> events)
    {
        var rows = events.Select(e => new[]
        {
            e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.PreviousEventId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            e.Timestamp.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
            e.Type,
            e.StateEnteredEventDetails?.Name ?? e.StateExitedEventDetails?.Name ?? "",
            Detail(e),
        });
        return Render(["ID", "Previous", "Time (UTC)", "Type", "State", "Detail"], rows);
    }

    /// <summary>The detail worth showing for an event.</summary>
    public static string Detail(HistoryEvent e) =>
        e.TaskFailedEventDetails is { } failed ? $"{failed.Error}: {failed.Cause}"
        : e.TaskTimedOutEventDetails is { } timedOut ? $"{timedOut.Error}: {timedOut.Cause}"
        : e.LambdaFunctionFailedEventDetails is { } lambdaFailed ? $"{lambdaFailed.Error}: {lambdaFailed.Cause}"
        : e.LambdaFunctionScheduledEventDetails is { } lambdaScheduled ? lambdaScheduled.Resource
        : e.ExecutionFailedEventDetails is { } executionFailed ? $"{executionFailed.Error}: {executionFailed.Cause}"
        : e.ExecutionAbortedEventDetails is { } aborted ? $"{aborted.Error}: {aborted.Cause}"
        : e.TaskScheduledEventDetails is { } scheduled ? $"{scheduled.ResourceType}:{scheduled.Resource}"
        : e.TaskSucceededEventDetails is { } succeeded ? Shorten(succeeded.Output)
        : e.StateEnteredEventDetails is { } entered ? Shorten(entered.Input)
        : e.StateExitedEventDetails is { } exited ? Shorten(exited.Output)
        : e.ExecutionStartedEventDetails is { } started ? Shorten(started.Input)
        : e.ExecutionSucceededEventDetails is { } done ? Shorten(done.Output)
        : e.MapIterationStartedEventDetails is { } iteration ? $"iteration {iteration.Index}"
        : "";

    private static string Shorten(string? payload) =>
        payload is null ? "" : payload.Length <= MaxPayload ? payload : payload[..MaxPayload] + "…";

    /// <summary>Renders rows of text cells under a header.</summary>
    public static HtmlTable Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        const string cell = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;font-family:monospace;font-size:12px";
        var html = new StringBuilder("<table style=\"border-collapse:collapse\"><thead><tr>");
        foreach (var name in header) html.Append($"<th style=\"{cell};font-weight:bold\">{WebUtility.HtmlEncode(name)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var value in row) html.Append($"<td style=\"{cell}\">{WebUtility.HtmlEncode(value)}</td>");
            html.Append("</tr>");
        }
        return new HtmlTable(html.Append("</tbody></table>").ToString());
    }
}
