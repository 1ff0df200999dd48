namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>An edge handed to dummy insertion, already pointing downwards.</summary>
/// <param name="From">Upper node index.</param>
/// <param name="To">Lower node index.</param>
/// <param name="Edge">Index of the diagram edge it draws.</param>
/// <param name="IsReversed">True for a back edge: the diagram edge runs from <paramref name="To"/> to <paramref name="From"/>.</param>
/// <param name="Label">Size of the label to reserve room for, or null.</param>
/// <param name="IsSecondary">True for a side path (a Catch, or an edge out of an error handler): coordinate assignment keeps the main path straight and lets these bend.</param>
internal sealed record LayerEdge(int From, int To, int Edge, bool IsReversed, NodeBox? Label, bool IsSecondary = false);
