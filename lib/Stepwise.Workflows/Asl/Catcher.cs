using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>A catcher in a definition: errors to catch and the state to go to (ASL <c>Catch</c> entry).</summary>
/// <param name="ErrorEquals">Error names this catcher matches.</param>
/// <param name="Next">Name of the state to transition to.</param>
public sealed record Catcher(ImmutableArray<string> ErrorEquals, string Next)
{
    /// <summary>Where the error output goes in the input (JSONPath only).</summary>
    public JsonPath? ResultPath { get; init; }

    /// <summary>Variables to assign.</summary>
    public JsonNode? Assign { get; init; }

    /// <summary>JSONata Output for the fallback state.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>True for an explicit <c>"Output": null</c>: the fallback state gets <c>null</c> (see <see cref="State.NullOutput"/>).</summary>
    public bool NullOutput { get; init; }

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }
}
