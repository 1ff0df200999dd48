using System.Text;
using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Draws edges (solid, dashed for Catch) with arrow heads, and their labels on white boxes.</summary>
internal static class EdgePainter
{
    public const double LabelFontSize = LayoutMetrics.EdgeLabelFontSize;

    /// <summary>The &lt;defs&gt; markers, ids prefixed so that several SVGs on one page do not clash.</summary>
    public static void Markers(StringBuilder svg, string prefix)
    {
        svg.Append("<defs>");
        Marker(svg, $"{prefix}-arrow", Palette.Edge);
        Marker(svg, $"{prefix}-arrow-catch", Palette.CatchEdge);
        Marker(svg, $"{prefix}-arrow-taken", Palette.TakenEdge);
        svg.Append("</defs>");
    }

    public static void Line(StringBuilder svg, EdgeLayout edge, string prefix, IReadOnlyDictionary<string, string> labels)
    {
        var isCatch = edge.Edge.Style == EdgeStyle.Catch;
        var taken = edge.Edge.Taken;
        var data = edge.IsSelfLoop ? SmoothPath.Loop(edge.Points) : SmoothPath.Through(edge.Points);
        var colour = taken ? Palette.TakenEdge : isCatch ? Palette.CatchEdge : Palette.Edge;
        svg.Append($"<path d=\"{data}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{(taken ? "2.6" : "1.4")}\"");
        if (isCatch)
        {
            svg.Append(" stroke-dasharray=\"5 4\"");
        }

        svg.Append($" marker-end=\"url(#{prefix}-arrow{(taken ? "-taken" : isCatch ? "-catch" : string.Empty)})\">");
        // Hover text names the nodes as drawn (Start, End, the state names), never their internal ids.
        var from = labels.GetValueOrDefault(edge.Edge.From, edge.Edge.From);
        var to = labels.GetValueOrDefault(edge.Edge.To, edge.Edge.To);
        svg.Append($"<title>{Escape($"{from} → {to}{(edge.Edge.Label is null ? string.Empty : ": " + edge.Edge.Label)}{(taken ? " (taken)" : string.Empty)}")}</title></path>");
    }

    public static void Label(StringBuilder svg, EdgeLayout edge)
    {
        if (edge.Label is null)
        {
            return;
        }

        var box = edge.LabelBounds;
        svg.Append("<g>");
        if (edge.Label.IsTruncated)
        {
            svg.Append($"<title>{Escape(edge.Label.FullText)}</title>");
        }

        svg.Append($"<rect x=\"{Num(box.X)}\" y=\"{Num(box.Y)}\" width=\"{Num(box.Width)}\" height=\"{Num(box.Height)}\" rx=\"3\" fill=\"{Palette.Background}\" fill-opacity=\"0.92\"/>");
        var italic = edge.Edge.Style == EdgeStyle.Default;
        TextPainter.Lines(svg, edge.Label, box.CenterX, box.CenterY, LabelFontSize, Palette.MutedInk, italic: italic);
        svg.Append("</g>");
    }

    private static void Marker(StringBuilder svg, string id, string colour) =>
        svg.Append($"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">")
            .Append($"<path d=\"M0,0.5 L10,5 L0,9.5 z\" fill=\"{colour}\"/></marker>");
}
