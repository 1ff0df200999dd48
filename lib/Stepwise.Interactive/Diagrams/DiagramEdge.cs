namespace Stepwise.Interactive.Diagrams;

/// <summary>A transition from one node to another, by node id.</summary>
/// <param name="From">Id of the node the transition leaves.</param>
/// <param name="To">Id of the node it enters.</param>
/// <param name="Label">Drawn at the middle of the edge, e.g. a Choice rule, "Default" or "Catch: States.ALL".</param>
/// <param name="Style">How the line is drawn.</param>
public sealed record DiagramEdge(string From, string To, string? Label = null, EdgeStyle Style = EdgeStyle.Normal)
{
    /// <summary>The execution went this way: drawn darker and thicker.</summary>
    public bool Taken { get; init; }
}
