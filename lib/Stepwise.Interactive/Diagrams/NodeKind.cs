namespace Stepwise.Interactive.Diagrams;

/// <summary>What a node stands for; decides its shape and colour.</summary>
public enum NodeKind
{
    /// <summary>The entry marker, a small filled circle; add an edge from it to the StartAt state.</summary>
    Start,

    /// <summary>The exit marker, a ringed circle; add edges to it from states that end.</summary>
    End,

    /// <summary>A Task state.</summary>
    Task,

    /// <summary>A Pass state.</summary>
    Pass,

    /// <summary>A Choice state, drawn with a diamond icon.</summary>
    Choice,

    /// <summary>A Wait state, drawn with a clock icon.</summary>
    Wait,

    /// <summary>A Succeed state, drawn green.</summary>
    Succeed,

    /// <summary>A Fail state, drawn red.</summary>
    Fail,

    /// <summary>A Parallel state; its <see cref="DiagramNode.Children"/> are the branches, drawn side by side.</summary>
    Parallel,

    /// <summary>A Map state; its single child is the item processor.</summary>
    Map,

    /// <summary>Anything else, drawn as a plain box.</summary>
    Generic,
}
