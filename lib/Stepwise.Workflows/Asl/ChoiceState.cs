using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>One entry of a Choice state's <c>Choices</c>: a rule and where to go when it holds.</summary>
public sealed record Choice(ChoiceRule Rule, string Next)
{
    /// <summary>Variables assigned when this choice is taken.</summary>
    public JsonNode? Assign { get; init; }

    /// <summary>JSONata output when this choice is taken.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>True for an explicit <c>"Output": null</c>: the output is <c>null</c> when this choice is taken (see <see cref="State.NullOutput"/>).</summary>
    public bool NullOutput { get; init; }

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }
}

/// <summary>Branches on the input: the first matching choice wins, else <see cref="Default"/>.</summary>
public sealed record ChoiceState(string Name) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Choice";

    /// <summary>The choices, evaluated in order.</summary>
    public ImmutableArray<Choice> Choices { get; init; } = [];

    /// <summary>The state to go to when no choice matches (otherwise States.NoChoiceMatched).</summary>
    public string? Default { get; init; }

    /// <inheritdoc />
    public override bool HasNoTransition => true;
}
