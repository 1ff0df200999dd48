using Stepwise.Aws.SageMaker;

namespace Stepwise.Interactive.Charts;

/// <summary>One named metric as (x, y) points, x ascending as recorded (an epoch, an iteration, or seconds).</summary>
public sealed record MetricSeries(string Name, IReadOnlyList<(double X, double Y)> Points)
{
    /// <summary>Series from SageMaker metric data (FinalMetricDataList, or any list of MetricData): one series per name,
    /// x the seconds since the earliest timestamp (the position when there is none).</summary>
    public static IReadOnlyList<MetricSeries> FromMetricData(IEnumerable<MetricData> metrics)
    {
        var list = metrics.Where(m => m.MetricName is not null && m.Value is not null).ToArray();
        var origin = list.Where(m => m.Timestamp is not null).Select(m => m.Timestamp!.Value).DefaultIfEmpty().Min();
        return list.Select((m, i) => (m, i)).GroupBy(p => p.m.MetricName!)
            .Select(g => new MetricSeries(g.Key, g.Select(p => (p.m.Timestamp is { } t ? (t - origin).TotalSeconds : p.i, p.m.Value!.Value)).ToArray()))
            .ToArray();
    }

    /// <summary>Series from log lines and SageMaker-style metric definitions (name, regex whose first group is the
    /// number): x counts each metric's matches from 1, as SageMaker's metric stream does.</summary>
    public static IReadOnlyList<MetricSeries> FromLog(IEnumerable<string> lines, IEnumerable<(string Name, string Regex)> definitions)
    {
        var reader = new LogMetricReader(definitions);
        foreach (var line in lines) reader.Read(line);
        return reader.Series();
    }

    /// <summary>The last value, or null for a series without points.</summary>
    public double? Latest => Points.Count == 0 ? null : Points[^1].Y;
}
