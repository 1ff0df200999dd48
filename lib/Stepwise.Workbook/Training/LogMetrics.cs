using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workbook.Training;

/// <summary>One value of a metric, read from one log line.</summary>
/// <param name="Step">The metric's own count of values so far (1, 2, …): the x of a chart.</param>
/// <param name="Value">The number the line gave.</param>
/// <param name="Timestamp">When the line was logged.</param>
public readonly record struct MetricPoint(int Step, double Value, DateTimeOffset Timestamp);

/// <summary>A metric's values in the order the training log gave them.</summary>
public sealed record MetricSeries(string Name, IReadOnlyList<MetricPoint> Points)
{
    /// <summary>The last value read, or null before the first.</summary>
    public double? Latest => Points.Count == 0 ? null : Points[^1].Value;
}

/// <summary>Reads metrics out of training log lines the way SageMaker does with a job's <c>MetricDefinitions</c>: each
/// definition's regular expression is tried on each line, and its first capture group, parsed as a number, is a value of
/// that metric. SageMaker does this on AWS too, but only publishes the series to CloudWatch Metrics (and the last values
/// as <c>FinalMetricDataList</c> at the end); reading the same lines here shows them while the job runs, on both backends.</summary>
public sealed class LogMetrics
{
    private readonly IReadOnlyList<(MetricDefinition Definition, Regex Regex)> _definitions;
    private readonly Dictionary<string, List<MetricPoint>> _points = new(StringComparer.Ordinal);

    /// <summary>Reads the metrics <paramref name="definitions"/> name; a regex that does not compile is an error here,
    /// as CreateTrainingJob refuses it.</summary>
    public LogMetrics(IEnumerable<MetricDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        _definitions = definitions.Select(d => (d, Compile(d))).ToArray();
    }

    /// <summary>The metric names in definition order.</summary>
    public IReadOnlyList<string> Names => _definitions.Select(d => d.Definition.Name).ToArray();

    /// <summary>Reads one log line; returns how many values it gave.</summary>
    public int Read(string line, DateTimeOffset timestamp)
    {
        var found = 0;
        foreach (var (definition, regex) in _definitions)
        {
            var match = regex.Match(line);
            if (!match.Success || match.Groups.Count < 2)
                continue;
            if (!double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            if (!_points.TryGetValue(definition.Name, out var points))
                _points[definition.Name] = points = [];
            points.Add(new MetricPoint(points.Count + 1, value, timestamp));
            found++;
        }
        return found;
    }

    /// <summary>Every metric with at least one value, in definition order.</summary>
    public IReadOnlyList<MetricSeries> Series() =>
        _definitions.Where(d => _points.ContainsKey(d.Definition.Name))
            .Select(d => new MetricSeries(d.Definition.Name, _points[d.Definition.Name].ToArray()))
            .ToArray();

    private static Regex Compile(MetricDefinition definition)
    {
        try
        {
            return new Regex(definition.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The metric definition '{definition.Name}' has a regular expression that does not compile: {e.Message}", nameof(definition), e);
        }
    }
}
