namespace Stepwise.Interactive.Diagrams;

/// <summary>One state (or the Start/End marker) of a <see cref="Diagram"/>.</summary>
/// <param name="Id">Unique within its diagram; edges refer to it.</param>
/// <param name="Label">The text drawn in the node, usually the state name.</param>
/// <param name="Kind">Decides the shape and colour.</param>
public sealed record DiagramNode(string Id, string Label, NodeKind Kind = NodeKind.Task)
{
    /// <summary>Nested graphs drawn inside the node: one per Parallel branch, one for a Map's item processor.</summary>
    public IReadOnlyList<Diagram> Children { get; init; } = [];

    /// <summary>Execution progress; when any node has one, nodes are coloured and a legend is drawn.</summary>
    public NodeStatus? Status { get; init; }

    /// <summary>Extra text shown on hover, after the full label.</summary>
    public string? Tooltip { get; init; }
}
