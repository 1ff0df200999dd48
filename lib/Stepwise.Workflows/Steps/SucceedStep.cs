using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Succeed state: ends the execution (or branch) successfully.</summary>
public sealed class SucceedStep(string name) : Step(name)
{
    /// <inheritdoc />
    public override string Type => "Succeed";

    /// <summary>Always throws: a Succeed state has no next state.</summary>
    public override IChainable Next(IChainable next) => throw Terminal(this);

    /// <inheritdoc />
    public override State ToState() => WithCommon(new SucceedState(Name));

    internal static InvalidOperationException Terminal(Step step) =>
        new($"State '{step.Name}' is a {step.Type} state: it ends the workflow and does not support 'Next'.");
}
