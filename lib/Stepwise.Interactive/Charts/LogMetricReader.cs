using System.Globalization;
using System.Text.RegularExpressions;

namespace Stepwise.Interactive.Charts;

/// <summary>Reads metrics out of training log lines the way SageMaker does with a job's <c>MetricDefinitions</c>, one
/// line at a time (so a view can follow a log while the job runs): each definition's regular expression is tried on each
/// line, and its first capture group, parsed as a number, is the next value of that metric (x counts from 1, as
/// SageMaker's metric stream does).</summary>
public sealed class LogMetricReader
{
    private readonly (string Name, Regex Regex)[] _definitions;
    private readonly Dictionary<string, List<(double X, double Y)>> _points = new(StringComparer.Ordinal);

    /// <summary>Reads the metrics <paramref name="definitions"/> name; a regex that does not compile is refused here, as
    /// CreateTrainingJob refuses it.</summary>
    public LogMetricReader(IEnumerable<(string Name, string Regex)> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        _definitions = definitions.Select(d => (d.Name, Compile(d.Name, d.Regex))).ToArray();
    }

    /// <summary>The metric names in definition order.</summary>
    public IReadOnlyList<string> Names => [.. _definitions.Select(d => d.Name)];

    /// <summary>Reads one log line; returns how many values it gave.</summary>
    public int Read(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var found = 0;
        foreach (var (name, regex) in _definitions)
        {
            if (regex.Match(line) is not { Success: true } match || match.Groups.Count < 2)
                continue;
            if (!double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            if (!_points.TryGetValue(name, out var points))
                _points[name] = points = [];
            points.Add((points.Count + 1, value));
            found++;
        }
        return found;
    }

    /// <summary>Every metric with at least one value so far, in definition order.</summary>
    public IReadOnlyList<MetricSeries> Series() =>
        [.. _definitions.Where(d => _points.ContainsKey(d.Name)).Select(d => new MetricSeries(d.Name, _points[d.Name].ToArray()))];

    private static Regex Compile(string name, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The metric definition '{name}' has a regular expression that does not compile: {e.Message}", nameof(name), e);
        }
    }
}
