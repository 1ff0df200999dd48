using System.Globalization;
using System.Text.RegularExpressions;

namespace Stepwise.Interactive.Charts;

/// <summary>
/// Reads the container's training log (lib/Stepwise.Vision.Annotations/Training/MetricDefinitions.cs) into series on one epoch axis:
/// progress lines <c>epoch=1 iter=10/60 loss=1.8421 …</c> give x = epoch − 1 + iter/iterations for every key
/// (loss, loss_mask, lr, …); epoch lines <c>epoch=1 train_loss=… box_ap=… mask_ap=…</c> give x = epoch. Text around the
/// fields (CloudWatch prefixes) is ignored.
/// </summary>
public static partial class TrainingLog
{
    [GeneratedRegex(@"(?<![\w.])([a-z][a-z0-9_]*)=([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(?![\w/])")]
    private static partial Regex Field();

    [GeneratedRegex(@"(?<![\w.])iter=(\d+)/(\d+)")]
    private static partial Regex Iteration();

    /// <summary>The series found in the lines, in order of first appearance.</summary>
    public static IReadOnlyList<MetricSeries> Parse(IEnumerable<string> lines)
    {
        var series = new Dictionary<string, List<(double, double)>>();
        var order = new List<string>();
        foreach (var line in lines)
        {
            var fields = Field().Matches(line).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            if (!fields.Remove("epoch", out var epoch))
                continue;
            double x = epoch;
            if (Iteration().Match(line) is { Success: true } it)
            {
                double i = double.Parse(it.Groups[1].Value, CultureInfo.InvariantCulture), n = double.Parse(it.Groups[2].Value, CultureInfo.InvariantCulture);
                x = epoch - 1 + (n > 0 ? i / n : 0);
            }
            foreach (var (name, value) in fields)
            {
                if (!series.TryGetValue(name, out var points))
                {
                    series[name] = points = [];
                    order.Add(name);
                }
                points.Add((x, value));
            }
        }
        return order.Select(n => new MetricSeries(n, series[n])).ToArray();
    }
}
