using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Stepwise.Vision.Rendering;

namespace Stepwise.Interactive.Charts;

/// <summary>
/// Line charts of metric series with ScottPlot, as static SVG (or PNG): one colour per series (tab10, as the mask
/// overlays), a legend, labelled axes.
/// <code>MetricChart.Line(TrainingLog.Parse(lines).Where(s => s.Name.StartsWith("loss")), new ChartOptions { Title = "Loss" })</code>
/// </summary>
public static partial class MetricChart
{
    const string FontFallbacks = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

    // ScottPlot's own default resolves to a serif face on Linux: take the first sans family this machine has.
    static readonly Lazy<string> SansFont = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }.FirstOrDefault(installed.Contains) ?? ScottPlot.Fonts.Sans;
    });

    /// <summary>A line chart of the series (empty series are left out; with none, the chart says so).</summary>
    public static ChartView Line(IEnumerable<MetricSeries> series, ChartOptions? options = null)
    {
        options ??= new ChartOptions();
        var plot = new ScottPlot.Plot();
        plot.Font.Set(SansFont.Value);
        int k = 0;
        foreach (var s in series.Where(s => s.Points.Count > 0))
        {
            var xs = s.Points.Select(p => p.X).ToArray();
            var ys = s.Points.Select(p => p.Y).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = s.Name;
            line.Color = ScottPlot.Color.FromHex(InstancePalette.Hex(k++));
            line.LineWidth = 2;
            line.MarkerSize = options.Markers || xs.Length <= 30 ? 5 : 0;
        }
        if (k == 0)
            plot.Add.Annotation("no data points");
        if (options.Title is { } title)
            plot.Title(title);
        plot.XLabel(options.XLabel);
        if (options.YLabel is { } y)
            plot.YLabel(y);
        if (options.YMin is { } yMin && options.YMax is { } yMax)
            plot.Axes.SetLimitsY(yMin, yMax);
        if (k > 0)
            plot.ShowLegend(ScottPlot.Edge.Right); // beside the plot, never over the lines
        int width = Math.Clamp(options.Width, 100, 4000), height = Math.Clamp(options.Height, 80, 4000);
        var svg = Clean(plot.GetSvgXml(width, height));
        return new ChartView(svg, () => plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
    }

    /// <summary>Makes ScottPlot's SVG fit inline in a page with others: no XML declaration, ids prefixed with a hash of
    /// the chart (ScottPlot numbers its clip paths from 1 in every chart), fonts with fallbacks for other machines.</summary>
    internal static string Clean(string svg)
    {
        svg = XmlDeclaration().Replace(svg, "");
        var prefix = "c" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..8].ToLowerInvariant() + "-";
        svg = IdAttribute().Replace(svg, m => $"id=\"{prefix}{m.Groups[1].Value}\"");
        svg = LocalReference().Replace(svg, m => $"{m.Groups[1].Value}#{prefix}{m.Groups[2].Value}");
        svg = FontFamily().Replace(svg, m =>
            $"font-family=\"{string.Join(", ", FontFallbacks.Split(", ").Prepend(m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase))}\"");
        return svg.Trim();
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"(url\(|href="")#([^)""]+)")]
    private static partial Regex LocalReference();

    [GeneratedRegex("font-family=\"([^\",]+)\"")]
    private static partial Regex FontFamily();
}
