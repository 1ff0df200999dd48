namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>A diagram with every node and edge placed; coordinates start at (0, 0) and include the margin.</summary>
/// <param name="Diagram">What was laid out.</param>
/// <param name="Width">Total width.</param>
/// <param name="Height">Total height.</param>
/// <param name="Title">The title, wrapped, or null.</param>
/// <param name="TitleBounds">Where the title goes.</param>
/// <param name="Nodes">One per diagram node, same order.</param>
/// <param name="Edges">One per diagram edge, same order.</param>
internal sealed record DiagramLayout(
    Diagram Diagram,
    double Width,
    double Height,
    TextBlock? Title,
    Rect TitleBounds,
    IReadOnlyList<NodeLayout> Nodes,
    IReadOnlyList<EdgeLayout> Edges)
{
    /// <summary>All nodes of this diagram and of the diagrams nested in it, with boxes in this diagram's coordinates.</summary>
    public IEnumerable<(NodeLayout Node, Rect Bounds, int Depth)> AllNodes(double dx = 0, double dy = 0, int depth = 0)
    {
        foreach (var node in Nodes)
        {
            yield return (node, node.Bounds.Offset(dx, dy), depth);
            foreach (var child in node.Children)
            {
                foreach (var nested in child.Layout.AllNodes(dx + child.Origin.X, dy + child.Origin.Y, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }
}
