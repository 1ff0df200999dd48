namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Where an edge is drawn.</summary>
/// <param name="Edge">The diagram edge.</param>
/// <param name="Points">From the border of <see cref="DiagramEdge.From"/> to the border of <see cref="DiagramEdge.To"/>, through its bends.</param>
/// <param name="IsBackEdge">True when the edge points up (it closes a cycle).</param>
/// <param name="IsSelfLoop">True when the edge returns to its own node; <paramref name="Points"/> then holds start, farthest point and end.</param>
/// <param name="Label">Its label, wrapped, or null.</param>
/// <param name="LabelBounds">The white box behind the label.</param>
internal sealed record EdgeLayout(DiagramEdge Edge, IReadOnlyList<Point> Points, bool IsBackEdge, bool IsSelfLoop, TextBlock? Label, Rect LabelBounds);
