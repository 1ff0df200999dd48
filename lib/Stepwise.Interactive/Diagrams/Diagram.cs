namespace Stepwise.Interactive.Diagrams;

/// <summary>A state graph to draw: nodes, the transitions between them, and an optional title.</summary>
/// <param name="Nodes">The nodes, in declaration order; the first <see cref="NodeKind.Start"/> node (or else the first node) is where layout begins.</param>
/// <param name="Edges">The transitions; each names nodes of this diagram by <see cref="DiagramNode.Id"/>.</param>
/// <param name="Title">Drawn above the graph (for a Parallel branch: above its column).</param>
public sealed record Diagram(IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramEdge> Edges, string? Title = null);
