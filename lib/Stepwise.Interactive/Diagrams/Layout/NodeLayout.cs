namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Where a node is drawn.</summary>
/// <param name="Node">The diagram node.</param>
/// <param name="Bounds">Its box (for Start/End, the box around the circle).</param>
/// <param name="Label">Its label, wrapped to fit.</param>
/// <param name="Children">For Parallel and Map: the nested diagrams and where they go.</param>
internal sealed record NodeLayout(DiagramNode Node, Rect Bounds, TextBlock Label, IReadOnlyList<NestedLayout> Children)
{
    public bool IsCompound => Children.Count > 0;

    public bool IsMarker => Node.Kind is NodeKind.Start or NodeKind.End;
}
