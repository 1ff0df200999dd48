using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

/// <summary>Geometric checks on a layout, shared by several test classes.</summary>
internal static class LayoutGeometry
{
    public static IEnumerable<DiagramLayout> AllDiagrams(DiagramLayout layout) =>
        new[] { layout }.Concat(layout.Nodes.SelectMany(n => n.Children).SelectMany(c => AllDiagrams(c.Layout)));

    public static IEnumerable<string> Overlaps(DiagramLayout layout)
    {
        foreach (var diagram in AllDiagrams(layout))
        {
            var boxes = diagram.Nodes.Select(n => (Id: n.Node.Id, Bounds: n.Bounds))
                .Concat(diagram.Edges.Where(e => e.Label is not null).Select(e => (Id: $"label of {e.Edge.From} -> {e.Edge.To}", Bounds: e.LabelBounds)))
                .ToList();
            for (var i = 0; i < boxes.Count; i++)
            {
                for (var j = i + 1; j < boxes.Count; j++)
                {
                    if (boxes[i].Bounds.Overlaps(boxes[j].Bounds))
                    {
                        yield return $"{boxes[i].Id} {boxes[i].Bounds} overlaps {boxes[j].Id} {boxes[j].Bounds}";
                    }
                }
            }
        }
    }

    public static bool OnBorder(Point point, Rect box, double tolerance = 0.6)
    {
        var withinX = point.X >= box.X - tolerance && point.X <= box.Right + tolerance;
        var withinY = point.Y >= box.Y - tolerance && point.Y <= box.Bottom + tolerance;
        var onHorizontal = withinX && (Math.Abs(point.Y - box.Y) <= tolerance || Math.Abs(point.Y - box.Bottom) <= tolerance);
        var onVertical = withinY && (Math.Abs(point.X - box.X) <= tolerance || Math.Abs(point.X - box.Right) <= tolerance);
        return onHorizontal || onVertical;
    }

    public static IEnumerable<string> DetachedEdgeEnds(DiagramLayout layout)
    {
        foreach (var diagram in AllDiagrams(layout))
        {
            var bounds = diagram.Nodes.ToDictionary(n => n.Node.Id, n => n.Bounds);
            foreach (var edge in diagram.Edges)
            {
                if (!OnBorder(edge.Points[0], bounds[edge.Edge.From]))
                {
                    yield return $"{edge.Edge.From} -> {edge.Edge.To} starts at {edge.Points[0]}, not on {bounds[edge.Edge.From]}";
                }

                if (!OnBorder(edge.Points[^1], bounds[edge.Edge.To]))
                {
                    yield return $"{edge.Edge.From} -> {edge.Edge.To} ends at {edge.Points[^1]}, not on {bounds[edge.Edge.To]}";
                }
            }
        }
    }

    /// <summary>
    /// Edges that pass through a node box other than their own ends. Each step between two route points is drawn
    /// as a curve inside the box spanned by the two points, so checking those boxes is conservative.
    /// </summary>
    public static IEnumerable<string> EdgesThroughNodes(DiagramLayout layout)
    {
        foreach (var diagram in AllDiagrams(layout))
        {
            foreach (var edge in diagram.Edges.Where(e => !e.IsSelfLoop))
            {
                for (var i = 1; i < edge.Points.Count; i++)
                {
                    var (a, b) = (edge.Points[i - 1], edge.Points[i]);
                    var span = new Rect(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y));
                    foreach (var node in diagram.Nodes)
                    {
                        if (node.Node.Id != edge.Edge.From && node.Node.Id != edge.Edge.To && Crosses(span, node.Bounds))
                        {
                            yield return $"{edge.Edge.From} -> {edge.Edge.To} step {a} → {b} crosses {node.Node.Id} {node.Bounds}";
                        }
                    }
                }
            }
        }
    }

    private static bool Crosses(Rect span, Rect box) =>
        span.X < box.Right - 0.5 && box.X < span.Right - 0.5 && span.Y < box.Bottom - 0.5 && box.Y < span.Bottom - 0.5;
}
