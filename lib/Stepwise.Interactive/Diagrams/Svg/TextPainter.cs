using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Writes a wrapped label as one &lt;text&gt; with a &lt;tspan&gt; per line, centred on a point.</summary>
internal static class TextPainter
{
    public static void Lines(
        StringBuilder svg,
        TextBlock text,
        double centerX,
        double centerY,
        double fontSize,
        string fill,
        string anchor = "middle",
        bool bold = false,
        bool italic = false)
    {
        var lineHeight = TextMeasure.LineHeight * fontSize / TextMeasure.FontSize;
        var firstCenter = centerY - (text.Lines.Count - 1) * lineHeight / 2;
        svg.Append($"<text x=\"{Num(centerX)}\" text-anchor=\"{anchor}\" font-size=\"{Num(fontSize)}\" fill=\"{fill}\"");
        if (bold)
        {
            svg.Append(" font-weight=\"600\"");
        }

        if (italic)
        {
            svg.Append(" font-style=\"italic\"");
        }

        svg.Append('>');
        for (var i = 0; i < text.Lines.Count; i++)
        {
            // Baseline about a third of the font size below the line's centre: no reliance on dominant-baseline support.
            var baseline = firstCenter + i * lineHeight + fontSize * 0.35;
            svg.Append($"<tspan x=\"{Num(centerX)}\" y=\"{Num(baseline)}\">{Escape(text.Lines[i])}</tspan>");
        }

        svg.Append("</text>");
    }
}
