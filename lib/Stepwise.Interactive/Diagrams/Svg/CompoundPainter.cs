using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Draws a Parallel or Map node: a box with a header (name and kind), its child diagrams side by side, dashed separators between branches.</summary>
internal static class CompoundPainter
{
    private const double Radius = 8;

    public static void Paint(StringBuilder svg, NodeLayout layout, string prefix, int depth)
    {
        var node = layout.Node;
        var box = layout.Bounds;
        var style = NodeStyle.For(node);
        var headerBottom = layout.Children[0].Column.Y;
        svg.Append("<g>");
        NodePainter.Tooltip(svg, layout);
        svg.Append($"<rect x=\"{Num(box.X)}\" y=\"{Num(box.Y)}\" width=\"{Num(box.Width)}\" height=\"{Num(box.Height)}\" rx=\"{Num(Radius)}\" fill=\"{Palette.CompoundFill}\" stroke=\"{style.Stroke}\" stroke-width=\"{Num(style.StrokeWidth)}\"/>");
        var headerText = Palette.Ink;
        if (node.Status is { } status)
        {
            // Header strip in the status colour, rounded at the top only.
            svg.Append($"<path d=\"M{Num(box.X)},{Num(headerBottom)} V{Num(box.Y + Radius)} Q{Num(box.X)},{Num(box.Y)} {Num(box.X + Radius)},{Num(box.Y)} H{Num(box.Right - Radius)} Q{Num(box.Right)},{Num(box.Y)} {Num(box.Right)},{Num(box.Y + Radius)} V{Num(headerBottom)} z\" fill=\"{Palette.Fill(status)}\" stroke=\"{style.Stroke}\" stroke-width=\"{Num(style.StrokeWidth)}\"/>");
            headerText = Palette.Text(status);
        }
        else
        {
            svg.Append($"<line x1=\"{Num(box.X)}\" y1=\"{Num(headerBottom)}\" x2=\"{Num(box.Right)}\" y2=\"{Num(headerBottom)}\" stroke=\"{style.Stroke}\" stroke-width=\"1\"/>");
        }

        var headerCenter = (box.Y + headerBottom) / 2;
        var labelLeft = box.X + LayoutMetrics.NodePaddingX;
        TextPainter.Lines(svg, layout.Label, labelLeft, headerCenter, TextMeasure.FontSize, headerText, anchor: "start", bold: true);
        var caption = TextMeasure.Wrap(NodeMeasurer.KindCaption(node.Kind), 20, 1, LayoutMetrics.KindCaptionFontSize);
        TextPainter.Lines(svg, caption, box.Right - LayoutMetrics.NodePaddingX, headerCenter, LayoutMetrics.KindCaptionFontSize, node.Status is null ? Palette.MutedInk : headerText, anchor: "end");

        for (var i = 0; i + 1 < layout.Children.Count; i++)
        {
            var x = layout.Children[i].Column.Right;
            svg.Append($"<line x1=\"{Num(x)}\" y1=\"{Num(headerBottom + 6)}\" x2=\"{Num(x)}\" y2=\"{Num(box.Bottom - 6)}\" stroke=\"{Palette.CompoundBorder}\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>");
        }

        foreach (var child in layout.Children)
        {
            DiagramPainter.Paint(svg, child.Layout, child.Origin, prefix, depth + 1);
        }

        svg.Append("</g>");
    }
}
