using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Pass state: passes its input on, optionally with a fixed result or a parameters template.</summary>
public sealed class PassStep(string name) : Step(name)
{
    /// <inheritdoc />
    public override string Type => "Pass";

    /// <summary>Payload template (placeholders allowed).</summary>
    public object? Parameters { get; init; }

    /// <summary>A fixed result.</summary>
    public object? Result { get; init; }

    /// <summary>Where the result goes in the input.</summary>
    public JsonPath? ResultPath { get; init; }

    internal override IEnumerable<(string Field, object? Value)> TemplateFields => [("Parameters", Parameters)];

    /// <inheritdoc />
    public override State ToState() => WithCommon(new PassState(Name)
    {
        Parameters = Template(Parameters, "Parameters"),
        Result = Template(Result, "Result"),
        ResultPath = ResultPath,
    });
}
