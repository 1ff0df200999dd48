using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>AlgorithmSpecification.MetricDefinitions applied to each log line, as SageMaker applies them: the first
/// capture group is the value; the final value of each metric is its last match.</summary>
internal sealed class MetricScanner
{
    private readonly (string Name, Regex Regex)[] _definitions;
    private readonly Dictionary<string, MetricData> _final = new(StringComparer.Ordinal);

    public MetricScanner(IReadOnlyList<MetricDefinition>? definitions) =>
        _definitions = [.. (definitions ?? []).Select(d => (d.Name, new Regex(d.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))];

    /// <summary>True when the line matched a definition.</summary>
    public bool Scan(string line, DateTimeOffset timestamp)
    {
        var matched = false;
        foreach (var (name, regex) in _definitions)
        {
            Match match;
            try
            {
                match = regex.Match(line);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }
            if (!match.Success) continue;
            var text = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) continue;
            _final[name] = new MetricData { MetricName = name, Value = value, Timestamp = timestamp };
            matched = true;
        }
        return matched;
    }

    /// <summary>The last value of each metric that matched, in definition order.</summary>
    public IReadOnlyList<MetricData> Final =>
        [.. _definitions.Select(d => d.Name).Distinct().Where(_final.ContainsKey).Select(n => _final[n])];
}
