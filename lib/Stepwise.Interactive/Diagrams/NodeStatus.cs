namespace Stepwise.Interactive.Diagrams;

/// <summary>Execution progress of a state, coloured with the Python SDK's progress palette.</summary>
public enum NodeStatus
{
    /// <summary>Not reached yet: white with a grey border.</summary>
    NotStarted,

    /// <summary>Running: #53C9ED.</summary>
    InProgress,

    /// <summary>Finished successfully: #2BD62E.</summary>
    Succeeded,

    /// <summary>Failed: #DE322F.</summary>
    Failed,

    /// <summary>Failed, and the error was caught: #FFA500.</summary>
    Caught,

    /// <summary>Aborted: #DDDDDD.</summary>
    Cancelled,

    /// <summary>Failed an attempt and waiting for the next one (a Retry), while the execution runs: amber on light blue.</summary>
    Retrying,
}
