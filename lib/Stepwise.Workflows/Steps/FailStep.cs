using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Fail state: stops the execution with an error name and cause.</summary>
public sealed class FailStep(string name) : Step(name)
{
    /// <inheritdoc />
    public override string Type => "Fail";

    /// <summary>The error name.</summary>
    public string? Error { get; init; }

    /// <summary>A readable cause.</summary>
    public string? Cause { get; init; }

    /// <summary>Path to the error name in the input.</summary>
    public string? ErrorPath { get; init; }

    /// <summary>Path to the cause in the input.</summary>
    public string? CausePath { get; init; }

    /// <summary>Always throws: a Fail state has no next state.</summary>
    public override IChainable Next(IChainable next) => throw SucceedStep.Terminal(this);

    /// <inheritdoc />
    public override State ToState()
    {
        if (Error is not null && ErrorPath is not null) throw new ArgumentException($"Fail state '{Name}': only one of 'Error' or 'ErrorPath' can be provided.");
        if (Cause is not null && CausePath is not null) throw new ArgumentException($"Fail state '{Name}': only one of 'Cause' or 'CausePath' can be provided.");
        return WithCommon(new FailState(Name) { Error = Error, Cause = Cause, ErrorPath = ErrorPath, CausePath = CausePath });
    }
}
