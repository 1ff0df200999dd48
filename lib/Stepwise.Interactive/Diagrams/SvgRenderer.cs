using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using Stepwise.Interactive.Diagrams.Svg;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams;

/// <summary>Draws a <see cref="Diagram"/> as one self-contained SVG element, laid out top to bottom.</summary>
public static class SvgRenderer
{
    private const string Placeholder = "swPREFIX0000";

    private const string FontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

    /// <summary>Lays the diagram out and returns an &lt;svg&gt; element with no scripts and no external references.</summary>
    /// <exception cref="ArgumentException">The diagram repeats a node id or has an edge to an unknown node, or an option is invalid.</exception>
    public static string Render(Diagram diagram, SvgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        options ??= new SvgOptions();
        options.Validate();
        // Without a prefix given, ids come from the drawing itself: the same picture gives the same SVG (a notebook does
        // not re-send an unchanged frame), and two different pictures on one page do not share marker ids.
        var prefix = options.IdPrefix ?? Placeholder;
        var layoutOptions = new LayoutOptions(MaxLabelChars: options.MaxLabelChars);
        var layout = LayeredLayout.Compute(diagram, layoutOptions);

        var width = layout.Width;
        var height = layout.Height;
        var legend = default((IReadOnlyList<Point> Items, double Width, double Height));
        if (options.ShowLegend ?? HasStatus(diagram))
        {
            legend = LegendPainter.Measure(Math.Max(layout.Width - 2 * layoutOptions.Margin, 320));
            width = Math.Max(width, legend.Width + 2 * layoutOptions.Margin);
            height += legend.Height + layoutOptions.Margin / 2;
        }

        width = Math.Ceiling(width);
        height = Math.Ceiling(height);
        var svg = new StringBuilder(4096 + diagram.Nodes.Count * 600);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Num(width)}\" height=\"{Num(height)}\" viewBox=\"0 0 {Num(width)} {Num(height)}\"");
        svg.Append($" font-family=\"{FontFamily}\" font-size=\"12\" role=\"img\"");
        if (!string.IsNullOrWhiteSpace(diagram.Title))
        {
            svg.Append($" aria-label=\"{Escape(diagram.Title)}\"");
        }

        svg.Append('>');
        EdgePainter.Markers(svg, prefix);
        svg.Append($"<rect width=\"{Num(width)}\" height=\"{Num(height)}\" fill=\"{Palette.Background}\"/>");
        DiagramPainter.Paint(svg, layout, default, prefix, 0);
        if (legend.Items is not null)
        {
            LegendPainter.Paint(svg, new Point(layoutOptions.Margin, layout.Height - layoutOptions.Margin / 2), legend.Items);
        }

        svg.Append("</svg>");
        if (options.IdPrefix is not null)
            return svg.ToString();
        var drawn = svg.ToString();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(drawn)))[..10];
        return drawn.Replace(Placeholder, "sw" + hash, StringComparison.Ordinal);
    }

    private static bool HasStatus(Diagram diagram) =>
        diagram.Nodes.Any(node => node.Status is not null || node.Children.Any(HasStatus));
}
