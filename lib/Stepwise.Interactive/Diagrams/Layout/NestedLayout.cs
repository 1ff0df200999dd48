namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>A child diagram placed inside a compound node.</summary>
/// <param name="Layout">The child's own layout, in its own coordinates.</param>
/// <param name="Origin">Where the child's (0, 0) lies in the parent's coordinates.</param>
/// <param name="Column">The column the child owns inside the compound node, in the parent's coordinates.</param>
internal sealed record NestedLayout(DiagramLayout Layout, Point Origin, Rect Column);
