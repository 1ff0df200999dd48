namespace Stepwise.Workflows.Asl;

/// <summary>Stops the (sub-)state machine successfully.</summary>
public sealed record SucceedState(string Name) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Succeed";

    /// <inheritdoc />
    public override bool HasNoTransition => true;

    /// <inheritdoc />
    public override bool IsTerminalType => true;
}
