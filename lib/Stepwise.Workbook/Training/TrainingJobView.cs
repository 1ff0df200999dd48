using System.Globalization;
using System.Net;
using System.Text;
using Stepwise.Aws.SageMaker;
using Stepwise.Interactive.Charts;
using Stepwise.Interactive.Graphs;

namespace Stepwise.Workbook.Training;

/// <summary>A training job as seen at one moment: its description (null before it exists), the metrics read from its
/// log so far, and the last log lines; <see cref="Html"/> draws it (self-contained, no script).</summary>
public sealed record TrainingJobView(string JobName, DescribeTrainingJobResponse? Job, IReadOnlyList<MetricSeries> Metrics, IReadOnlyList<string> RecentLog)
{
    /// <summary>The view of a job that does not exist yet (to <c>display</c> before watching it: a notebook's displayed
    /// value keeps the formatting of its first value).</summary>
    public static TrainingJobView Waiting(string jobName) => new(jobName, null, [], []);

    /// <summary>True when the watch gave up waiting for a job that was never created.</summary>
    public bool NeverCreated { get; init; }

    /// <summary>Completed, Failed or Stopped.</summary>
    public bool HasEnded => Job?.TrainingJobStatus is "Completed" or "Failed" or "Stopped";

    /// <summary>The job's status, "NotCreated" before it exists.</summary>
    public string Status => Job?.TrainingJobStatus ?? "NotCreated";

    /// <summary>The view as HTML.</summary>
    public string Html => Render();

    public override string ToString() =>
        $"{JobName}: {Status}{(Job?.SecondaryStatus is { } s ? $" ({s})" : "")}" +
        string.Concat(Metrics.Select(m => Invariant($", {m.Name}={m.Latest:G4}")));

    private string Render()
    {
        var html = new StringBuilder("<div style=\"font-family:sans-serif;font-size:13px\">");
        html.Append("<div style=\"margin-bottom:4px\"><b>Training job</b> <code>").Append(Encode(JobName)).Append("</code> ");
        html.Append("<span style=\"padding:1px 6px;border-radius:3px;color:#fff;background:").Append(Colour(Status)).Append("\">")
            .Append(Encode(Status)).Append("</span>");
        if (Job?.SecondaryStatus is { } secondary) html.Append(" · ").Append(Encode(secondary));
        if (Job is null) html.Append(NeverCreated ? " · the job was never created (the execution ended before its training state)" : " · waiting for the job to be created …");
        html.Append("</div>");

        if (Job?.SecondaryStatusTransitions is { Count: > 0 } transitions)
        {
            html.Append("<div style=\"color:#555;margin-bottom:4px\">");
            html.Append(string.Join(" → ", transitions.Select(t => Encode(t.Status) + (t.EndTime is { } end
                ? Invariant($" ({(end - t.StartTime).TotalSeconds:0.0} s)") : " …"))));
            html.Append("</div>");
        }
        if (Job?.FailureReason is { Length: > 0 } reason)
            html.Append("<div style=\"color:#DE322F;margin-bottom:4px\">").Append(Encode(reason)).Append("</div>");

        if (Metrics.Count > 0)
        {
            html.Append(Tables.Render(["Metric", "Latest", "Min", "Max", "Values"], Metrics.Select(m => (IReadOnlyList<string>)
            [
                m.Name, Number(m.Latest), Number(m.Points.Min(p => p.Y)), Number(m.Points.Max(p => p.Y)),
                m.Points.Count.ToString(CultureInfo.InvariantCulture),
            ])).Html);
            // The loss values so far, drawn while they come (the x axis counts each metric's values, as SageMaker's do).
            var losses = Metrics.Where(m => m.Name.Contains("loss", StringComparison.Ordinal) && m.Points.Count > 1).ToArray();
            if (losses.Length > 0)
                html.Append(MetricChart.Line(losses, new ChartOptions { Title = "Training loss", XLabel = "value #", Width = 560, Height = 260 }).Svg);
        }
        if (RecentLog.Count > 0)
        {
            html.Append("<pre style=\"margin:4px 0;padding:4px;background:#f6f6f6;font-size:11px;white-space:pre-wrap\">");
            html.Append(Encode(string.Join('\n', RecentLog))).Append("</pre>");
        }
        return html.Append("</div>").ToString();
    }

    private static string Colour(string status) => status switch
    {
        "Completed" => "#2BD62E",
        "Failed" => "#DE322F",
        "Stopped" or "Stopping" => "#888888",
        "InProgress" => "#53C9ED",
        _ => "#AAAAAA",
    };

    private static string Number(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
