using System.Collections.Immutable;

namespace Stepwise.Local.Iam;

/// <summary>A statement's <c>Principal</c> (or <c>NotPrincipal</c>): <c>"*"</c>, or principal types (<c>AWS</c>,
/// <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>) each with one or more identifiers.</summary>
public sealed record PolicyPrincipal
{
    /// <summary>The types AWS accepts in a Principal element.</summary>
    public static ImmutableArray<string> Types { get; } = ["AWS", "Service", "Federated", "CanonicalUser"];

    /// <summary><c>"Principal": "*"</c>: everyone.</summary>
    public static PolicyPrincipal Everyone { get; } = new() { IsEveryone = true };

    /// <summary>Whether this is the bare <c>"*"</c>.</summary>
    public bool IsEveryone { get; init; }

    /// <summary>Identifiers by type (<c>AWS</c> → ARNs or account ids, <c>Service</c> → service principals).</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Identifiers { get; init; } =
        ImmutableDictionary<string, ImmutableArray<string>>.Empty;
}
