using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>Passes its input to its output, optionally injecting a fixed <see cref="Result"/>.</summary>
public sealed record PassState(string Name) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Pass";

    /// <summary>Payload template applied to the input (JSONPath).</summary>
    public JsonNode? Parameters { get; init; }

    /// <summary>A fixed result.</summary>
    public JsonNode? Result { get; init; }

    /// <summary>Where the result goes in the input (JSONPath).</summary>
    public JsonPath? ResultPath { get; init; }
}
