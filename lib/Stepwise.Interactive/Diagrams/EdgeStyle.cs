namespace Stepwise.Interactive.Diagrams;

/// <summary>How an edge is drawn.</summary>
public enum EdgeStyle
{
    /// <summary>A solid line: Next, or a Choice rule.</summary>
    Normal,

    /// <summary>A dashed line: a Catch transition.</summary>
    Catch,

    /// <summary>A solid line with an italic label: a Choice's Default.</summary>
    Default,
}
