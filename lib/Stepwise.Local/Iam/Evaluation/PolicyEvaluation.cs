using System.Collections.Immutable;

namespace Stepwise.Local.Iam;

/// <summary>What <see cref="PolicyEvaluator.Evaluate"/> decided and why: the statements that decided it (the Denies
/// for an explicit deny, the Allows for an allow, none for an implicit deny), the context keys the applicable statements
/// test that the request lacks, and whether the permissions boundary allowed (null without one).</summary>
public sealed record PolicyEvaluation(
    PolicyDecision Decision,
    ImmutableArray<MatchedStatement> MatchedStatements,
    ImmutableArray<string> MissingContextKeys,
    bool? AllowedByPermissionsBoundary)
{
    /// <summary>Whether the request is allowed.</summary>
    public bool IsAllowed => Decision == PolicyDecision.Allow;
}
