using System.Collections.Immutable;

namespace Stepwise.Local.Iam;

/// <summary>An IAM JSON policy document, parsed and checked by <see cref="PolicyDocumentParser"/>: immutable, with the
/// text it was read from (IAM returns documents as they were given).</summary>
public sealed record PolicyDocument
{
    /// <summary>The policy language version: <c>2012-10-17</c> (the only one IAM accepts for new policies).</summary>
    public required string Version { get; init; }

    /// <summary>The optional Id element.</summary>
    public string? Id { get; init; }

    /// <summary>Its statements, in order.</summary>
    public required ImmutableArray<PolicyStatement> Statements { get; init; }

    /// <summary>The JSON text it was parsed from.</summary>
    public required string Text { get; init; }

    /// <summary>Every condition key its statements test.</summary>
    public IEnumerable<string> ConditionKeys =>
        Statements.SelectMany(s => s.Conditions).Select(c => c.Key).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses an identity-based policy (<see cref="PolicyDocumentParser.Parse"/>).</summary>
    public static PolicyDocument Parse(string json, PolicyKind kind = PolicyKind.Identity) => PolicyDocumentParser.Parse(json, kind);
}
