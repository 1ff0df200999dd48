namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Colours: the Python SDK's progress palette for statuses, quiet greys for structure.</summary>
internal static class Palette
{
    public const string Ink = "#1F2328";
    public const string MutedInk = "#6E7781";
    public const string Border = "#9AA0A6";
    public const string Edge = "#5F6368";
    public const string CatchEdge = "#8A8F94";
    public const string TakenEdge = "#1F2328";
    public const string Background = "#FFFFFF";
    public const string CompoundFill = "#F8F9FB";
    public const string CompoundBorder = "#AEB4BB";
    public const string Marker = "#3C4043";
    public const string ChoiceAccent = "#E3A008";
    public const string ChoiceFill = "#FFF9EB";
    public const string SucceedFill = "#EAF9EA";
    public const string SucceedBorder = "#1FA223";
    public const string FailFill = "#FDEDED";
    public const string FailBorder = "#C62828";

    /// <summary>Fill of a node with this status (SDK colours; white for not started).</summary>
    public static string Fill(NodeStatus status) => status switch
    {
        NodeStatus.Succeeded => "#2BD62E",
        NodeStatus.Failed => "#DE322F",
        NodeStatus.Cancelled => "#DDDDDD",
        NodeStatus.InProgress => "#53C9ED",
        NodeStatus.Caught => "#FFA500",
        NodeStatus.Retrying => "#C9EEF9",
        _ => "#FFFFFF",
    };

    /// <summary>A darker shade of the fill, for borders.</summary>
    public static string Stroke(NodeStatus status) => status switch
    {
        NodeStatus.Succeeded => "#1E9E21",
        NodeStatus.Failed => "#A82422",
        NodeStatus.Cancelled => "#A6A6A6",
        NodeStatus.InProgress => "#2A9CC0",
        NodeStatus.Caught => "#C27D00",
        NodeStatus.Retrying => "#FFA500",
        _ => Border,
    };

    /// <summary>Text on the fill: white only on the dark red.</summary>
    public static string Text(NodeStatus status) => status == NodeStatus.Failed ? "#FFFFFF" : Ink;

    /// <summary>Legend wording, in legend order.</summary>
    public static readonly IReadOnlyList<(NodeStatus Status, string Name)> Legend =
    [
        (NodeStatus.NotStarted, "Not started"),
        (NodeStatus.InProgress, "In progress"),
        (NodeStatus.Succeeded, "Succeeded"),
        (NodeStatus.Failed, "Failed"),
        (NodeStatus.Caught, "Caught error"),
        (NodeStatus.Cancelled, "Cancelled"),
        (NodeStatus.Retrying, "Retrying"),
    ];
}
