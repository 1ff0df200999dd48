using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Draws a simple node: Start/End markers as circles, states as rounded boxes (Choice and Wait with an icon).</summary>
internal static class NodePainter
{
    private const double IconHalf = 6;

    public static void Paint(StringBuilder svg, NodeLayout layout)
    {
        var node = layout.Node;
        var box = layout.Bounds;
        svg.Append("<g>");
        Tooltip(svg, layout);
        switch (node.Kind)
        {
            case NodeKind.Start:
                svg.Append($"<circle cx=\"{Num(box.CenterX)}\" cy=\"{Num(box.CenterY)}\" r=\"{Num(box.Width / 2)}\" fill=\"{Palette.Marker}\"/>");
                TextPainter.Lines(svg, layout.Label, box.CenterX, box.CenterY, 11, Palette.Background, bold: true);
                break;
            case NodeKind.End:
                svg.Append($"<circle cx=\"{Num(box.CenterX)}\" cy=\"{Num(box.CenterY)}\" r=\"{Num(box.Width / 2 - 1)}\" fill=\"{Palette.Background}\" stroke=\"{Palette.Marker}\" stroke-width=\"2\"/>");
                svg.Append($"<circle cx=\"{Num(box.CenterX)}\" cy=\"{Num(box.CenterY)}\" r=\"{Num(box.Width / 2 - 5)}\" fill=\"{Palette.Marker}\"/>");
                TextPainter.Lines(svg, layout.Label, box.CenterX, box.CenterY, 11, Palette.Background, bold: true);
                break;
            default:
                State(svg, layout);
                break;
        }

        svg.Append("</g>");
    }

    /// <summary>The hover text: full label, the node's tooltip, its status.</summary>
    public static void Tooltip(StringBuilder svg, NodeLayout layout)
    {
        var node = layout.Node;
        var lines = new List<string> { node.Label };
        if (!string.IsNullOrWhiteSpace(node.Tooltip))
        {
            lines.Add(node.Tooltip);
        }

        if (node.Status is { } status)
        {
            lines.Add($"Status: {Palette.Legend.First(l => l.Status == status).Name}");
        }

        svg.Append($"<title>{Escape(string.Join("\n", lines))}</title>");
    }

    private static void State(StringBuilder svg, NodeLayout layout)
    {
        var node = layout.Node;
        var box = layout.Bounds;
        var style = NodeStyle.For(node);
        svg.Append($"<rect x=\"{Num(box.X)}\" y=\"{Num(box.Y)}\" width=\"{Num(box.Width)}\" height=\"{Num(box.Height)}\" rx=\"6\" fill=\"{style.Fill}\" stroke=\"{style.Stroke}\" stroke-width=\"{Num(style.StrokeWidth)}\"/>");
        var textCenter = box.CenterX;
        if (node.Kind is NodeKind.Choice or NodeKind.Wait)
        {
            var iconX = box.X + LayoutMetrics.NodePaddingX + IconHalf - 2;
            if (node.Kind == NodeKind.Choice)
            {
                Diamond(svg, iconX, box.CenterY);
            }
            else
            {
                Clock(svg, iconX, box.CenterY, style.Text);
            }

            textCenter += LayoutMetrics.IconSpace / 2;
        }

        TextPainter.Lines(svg, layout.Label, textCenter, box.CenterY, TextMeasure.FontSize, style.Text);
    }

    private static void Diamond(StringBuilder svg, double x, double y) =>
        svg.Append($"<path d=\"M{Num(x)},{Num(y - IconHalf)} L{Num(x + IconHalf)},{Num(y)} L{Num(x)},{Num(y + IconHalf)} L{Num(x - IconHalf)},{Num(y)} z\" fill=\"{Palette.ChoiceAccent}\" stroke=\"{Palette.Background}\" stroke-width=\"1\"/>");

    private static void Clock(StringBuilder svg, double x, double y, string colour) =>
        svg.Append($"<circle cx=\"{Num(x)}\" cy=\"{Num(y)}\" r=\"{Num(IconHalf)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.2\"/>")
            .Append($"<path d=\"M{Num(x)},{Num(y - 3.5)} L{Num(x)},{Num(y)} L{Num(x + 2.5)},{Num(y + 1.5)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.2\" stroke-linecap=\"round\"/>");
}
