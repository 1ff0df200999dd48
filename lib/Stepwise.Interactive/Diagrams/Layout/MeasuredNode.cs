namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>A node's size, known before placement; compound nodes carry their laid-out children.</summary>
/// <param name="Label">The wrapped label.</param>
/// <param name="Width">Box width.</param>
/// <param name="Height">Box height.</param>
/// <param name="Children">Child layouts of a compound node, left to right.</param>
/// <param name="HeaderHeight">Height of a compound node's title strip; 0 otherwise.</param>
internal sealed record MeasuredNode(TextBlock Label, double Width, double Height, IReadOnlyList<DiagramLayout> Children, double HeaderHeight);
