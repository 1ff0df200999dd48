using System.Globalization;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Interactive.Graphs;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;

namespace Stepwise.Interactive.Tables;

/// <summary>
/// Ready-made tables of the shapes the ports return, so a notebook cell stays one line:
/// <c>(await workflow.ListExecutionsAsync()).ToTable()</c>, <c>events.ToTable()</c>, <c>job.ToTable()</c>,
/// <c>endpoints.Endpoints.ToTable()</c>, <c>result.ToTable(classNames)</c>.
/// </summary>
public static class AwsTables
{
    const int MaxPayload = 120;

    /// <summary>Executions: name, status (coloured), start, stop and duration.</summary>
    public static HtmlTable ToTable(this IEnumerable<ExecutionListItem> executions) =>
        new HtmlTableBuilder("Name", new TableColumn("Status", Status: true), "Started (UTC)", "Stopped (UTC)", new TableColumn("Duration", ColumnAlign.Right))
            .Rows(executions, e => [e.Name, e.Status, e.StartDate, e.StopDate, Duration(e.StartDate, e.StopDate)])
            .Build();

    /// <summary>An execution's history: id, previous id, time, type, state, and the detail that matters for the event
    /// (resource, error and cause, or the payload, shortened).</summary>
    public static HtmlTable ToTable(this IEnumerable<HistoryEvent> events) =>
        new HtmlTableBuilder(new TableColumn("ID", ColumnAlign.Right), new TableColumn("Previous", ColumnAlign.Right), "Time (UTC)", "Type", "State", "Detail")
            .Rows(events, e => [e.Id, e.PreviousEventId, e.Timestamp.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), e.Type,
                e.StateEnteredEventDetails?.Name ?? e.StateExitedEventDetails?.Name ?? "", Detail(e)])
            .Build();

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

    /// <summary>Training jobs (ListTrainingJobs): name, status, secondary status, created, ended, duration.</summary>
    public static HtmlTable ToTable(this IEnumerable<TrainingJobSummary> jobs) =>
        new HtmlTableBuilder("Name", new TableColumn("Status", Status: true), new TableColumn("Secondary status", Status: true), "Created (UTC)", "Ended (UTC)", new TableColumn("Duration", ColumnAlign.Right))
            .Rows(jobs, j => [j.TrainingJobName, j.TrainingJobStatus, j.SecondaryStatus, j.CreationTime, j.TrainingEndTime, Duration(j.CreationTime, j.TrainingEndTime)])
            .Build();

    /// <summary>One training job (DescribeTrainingJob): its secondary-status transitions, then its final metrics.</summary>
    public static HtmlTable ToTable(this DescribeTrainingJobResponse job)
    {
        var table = new HtmlTableBuilder(new TableColumn("Secondary status", Status: true), "Started (UTC)", new TableColumn("Duration", ColumnAlign.Right), "Message")
        {
            Caption = $"{job.TrainingJobName}: {job.TrainingJobStatus}{(job.FailureReason is { } reason ? " — " + reason : "")}"
                + (job.BillableTimeInSeconds is { } billable ? $", billable {billable} s" : ""),
        }.Rows(job.SecondaryStatusTransitions ?? [], t => [t.Status, t.StartTime, Duration(t.StartTime, t.EndTime), t.StatusMessage]);
        var html = table.Build().Html;
        if (job.FinalMetricDataList is { Count: > 0 } metrics)
            html += metrics.ToTable().Html;
        return new HtmlTable(html);
    }

    /// <summary>Final metrics (FinalMetricDataList): name, value, time.</summary>
    public static HtmlTable ToTable(this IEnumerable<MetricData> metrics) =>
        new HtmlTableBuilder("Metric", new TableColumn("Value", Format: "0.0000"), "Time (UTC)")
            .Rows(metrics, m => [m.MetricName, m.Value, m.Timestamp])
            .Build();

    /// <summary>Endpoints (ListEndpoints): name, status, created, last modified.</summary>
    public static HtmlTable ToTable(this IEnumerable<EndpointSummary> endpoints) =>
        new HtmlTableBuilder("Name", new TableColumn("Status", Status: true), "Created (UTC)", "Modified (UTC)")
            .Rows(endpoints, e => [e.EndpointName, e.EndpointStatus, e.CreationTime, e.LastModifiedTime])
            .Build();

    /// <summary>One endpoint (DescribeEndpoint): name, status, configuration, failure reason, times.</summary>
    public static HtmlTable ToTable(this DescribeEndpointOutput endpoint) =>
        new HtmlTableBuilder("Name", new TableColumn("Status", Status: true), "Configuration", "Created (UTC)", "Modified (UTC)", "Failure reason")
            .Row(endpoint.EndpointName, endpoint.EndpointStatus, endpoint.EndpointConfigName, endpoint.CreationTime, endpoint.LastModifiedTime, endpoint.FailureReason)
            .Build();

    /// <summary>Detections of an <c>/invocations</c> answer, highest score first: rank, class, score, box, mask area.</summary>
    public static HtmlTable ToTable(this InvocationResult result, IReadOnlyDictionary<int, string>? classNames = null, int max = 20) =>
        new HtmlTableBuilder(new TableColumn("#", ColumnAlign.Right), "Class", new TableColumn("Score", Format: "0.000"), "Box (x1, y1, x2, y2)", new TableColumn("Mask px", ColumnAlign.Right))
        {
            Caption = result.Message ?? $"{result.Detections.Count} detection{(result.Detections.Count == 1 ? "" : "s")} at score ≥ {result.ScoreThreshold.ToString("0.###", CultureInfo.InvariantCulture)}"
                + (result.Detections.Count > max ? $" (the best {max} shown)" : ""),
        }.Rows(result.Detections.Take(max).Select((d, i) => (d, i)), p => [p.i + 1, ClassName(p.d, classNames), p.d.Score,
            string.Create(CultureInfo.InvariantCulture, $"{p.d.Box.X1:0.#}, {p.d.Box.Y1:0.#}, {p.d.Box.X2:0.#}, {p.d.Box.Y2:0.#}"), p.d.Mask?.Area()])
        .Build();

    static string ClassName(DetectedObject d, IReadOnlyDictionary<int, string>? names) =>
        names is not null && names.TryGetValue(d.Label, out var n) ? n : d.Label.ToString(CultureInfo.InvariantCulture);

    static string Duration(DateTimeOffset start, DateTimeOffset? end)
    {
        if (end is not { } e)
            return "";
        var t = e - start;
        return t.TotalSeconds < 60 ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : t.TotalHours < 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s"
            : $"{(int)t.TotalHours} h {t.Minutes} min";
    }

    static string Shorten(string? payload) =>
        payload is null ? "" : payload.Length <= MaxPayload ? payload : payload[..MaxPayload] + "…";
}
