using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Draws a laid-out diagram: title, edge lines, nodes (compound ones recursively), then edge labels on top.</summary>
internal static class DiagramPainter
{
    public static void Paint(StringBuilder svg, DiagramLayout layout, Point origin, string prefix, int depth)
    {
        var moved = origin != default;
        svg.Append(moved ? $"<g transform=\"translate({Num(origin.X)},{Num(origin.Y)})\">" : "<g>");
        if (layout.Title is { } title)
        {
            var box = layout.TitleBounds;
            if (depth == 0)
            {
                TextPainter.Lines(svg, title, box.X, box.CenterY, LayoutMetrics.TitleFontSize, Palette.Ink, anchor: "start", bold: true);
            }
            else
            {
                TextPainter.Lines(svg, title, box.CenterX, box.CenterY, LayoutMetrics.BranchTitleFontSize, Palette.MutedInk, bold: true);
            }
        }

        var labels = layout.Nodes.ToDictionary(n => n.Node.Id, n => n.Node.Label, StringComparer.Ordinal);
        foreach (var edge in layout.Edges)
        {
            EdgePainter.Line(svg, edge, prefix, labels);
        }

        foreach (var node in layout.Nodes)
        {
            if (node.IsCompound)
            {
                CompoundPainter.Paint(svg, node, prefix, depth);
            }
            else
            {
                NodePainter.Paint(svg, node);
            }
        }

        foreach (var edge in layout.Edges)
        {
            EdgePainter.Label(svg, edge);
        }

        svg.Append("</g>");
    }
}
