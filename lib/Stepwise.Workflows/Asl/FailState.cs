namespace Stepwise.Workflows.Asl;

/// <summary>Stops the execution as failed with an error name and cause.</summary>
public sealed record FailState(string Name) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Fail";

    /// <summary>The error name (or a JSONata expression).</summary>
    public string? Error { get; init; }

    /// <summary>A human-readable cause (or a JSONata expression).</summary>
    public string? Cause { get; init; }

    /// <summary>Path to the error name in the input (JSONPath).</summary>
    public string? ErrorPath { get; init; }

    /// <summary>Path to the cause in the input (JSONPath).</summary>
    public string? CausePath { get; init; }

    /// <inheritdoc />
    public override bool HasNoTransition => true;

    /// <inheritdoc />
    public override bool IsTerminalType => true;
}
