using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>The status legend: a swatch and a name per status, flowing into as many rows as the width needs.</summary>
internal static class LegendPainter
{
    private const double SwatchWidth = 14;
    private const double SwatchHeight = 11;
    private const double RowHeight = 18;
    private const double ItemGap = 12;
    private const double FontSize = 11;

    /// <summary>Where each item goes, relative to the legend's top-left corner, and the legend's size.</summary>
    public static (IReadOnlyList<Point> Items, double Width, double Height) Measure(double availableWidth)
    {
        var items = new List<Point>();
        double x = 0, y = 0, width = 0;
        foreach (var (_, name) in Palette.Legend)
        {
            var itemWidth = ItemWidth(name);
            if (x > 0 && x + itemWidth > availableWidth)
            {
                x = 0;
                y += RowHeight;
            }

            items.Add(new Point(x, y));
            x += itemWidth + ItemGap;
            width = Math.Max(width, x - ItemGap);
        }

        return (items, width, y + RowHeight);
    }

    public static void Paint(StringBuilder svg, Point origin, IReadOnlyList<Point> items)
    {
        svg.Append($"<g transform=\"translate({Num(origin.X)},{Num(origin.Y)})\" font-size=\"{Num(FontSize)}\">");
        for (var i = 0; i < items.Count; i++)
        {
            var (status, name) = Palette.Legend[i];
            var at = items[i];
            var swatchY = at.Y + (RowHeight - SwatchHeight) / 2;
            svg.Append($"<rect x=\"{Num(at.X)}\" y=\"{Num(swatchY)}\" width=\"{Num(SwatchWidth)}\" height=\"{Num(SwatchHeight)}\" rx=\"2\" fill=\"{Palette.Fill(status)}\" stroke=\"{Palette.Stroke(status)}\"/>");
            svg.Append($"<text x=\"{Num(at.X + SwatchWidth + 5)}\" y=\"{Num(at.Y + RowHeight / 2 + FontSize * 0.35)}\" fill=\"{Palette.MutedInk}\">{Escape(name)}</text>");
        }

        svg.Append("</g>");
    }

    private static double ItemWidth(string name) => SwatchWidth + 5 + TextMeasure.Width(name, FontSize);
}
