using System.Collections.Immutable;

namespace Stepwise.Local.Iam;

/// <summary>One statement of a policy document, as written: exactly one of Action/NotAction, at most one of
/// Resource/NotResource and of Principal/NotPrincipal, and its conditions.</summary>
public sealed record PolicyStatement
{
    /// <summary>Its place in the document's Statement list (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>The statement id, when given.</summary>
    public string? Sid { get; init; }

    /// <summary>Allow or Deny.</summary>
    public required PolicyEffect Effect { get; init; }

    /// <summary>The action patterns of Action (or of NotAction when <see cref="IsNotAction"/>).</summary>
    public required ImmutableArray<string> Actions { get; init; }

    /// <summary>Whether <see cref="Actions"/> came from NotAction: the statement applies to every other action.</summary>
    public bool IsNotAction { get; init; }

    /// <summary>The resource patterns of Resource (or NotResource); empty in a trust policy, which has none.</summary>
    public ImmutableArray<string> Resources { get; init; } = [];

    /// <summary>Whether <see cref="Resources"/> came from NotResource.</summary>
    public bool IsNotResource { get; init; }

    /// <summary>Principal (or NotPrincipal), in trust policies.</summary>
    public PolicyPrincipal? Principal { get; init; }

    /// <summary>Whether <see cref="Principal"/> came from NotPrincipal.</summary>
    public bool IsNotPrincipal { get; init; }

    /// <summary>The Condition block, flattened to operator–key pairs.</summary>
    public ImmutableArray<PolicyCondition> Conditions { get; init; } = [];

    /// <summary>Where the statement's object begins in the document's text.</summary>
    public PolicyPosition Start { get; init; }

    /// <summary>Where the statement's object ends in the document's text.</summary>
    public PolicyPosition End { get; init; }
}
