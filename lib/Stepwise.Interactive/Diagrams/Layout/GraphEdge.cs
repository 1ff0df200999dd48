namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>An edge between node indices, as the layering stages see it.</summary>
internal readonly record struct GraphEdge(int From, int To);
