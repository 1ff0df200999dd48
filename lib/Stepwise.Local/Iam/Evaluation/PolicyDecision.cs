namespace Stepwise.Local.Iam;

/// <summary>The outcome of an evaluation, as AWS names it.</summary>
public enum PolicyDecision
{
    /// <summary>An Allow applies, no Deny does, and every boundary and session policy allows too.</summary>
    Allow,
    /// <summary>A Deny statement applies.</summary>
    ExplicitDeny,
    /// <summary>Nothing allows it (the default).</summary>
    ImplicitDeny,
}
