namespace Stepwise.Local.Iam;

/// <summary>An access decision: allowed, or denied with AWS's message (and the evaluation that decided, for sessions).</summary>
public sealed record AccessDecision(bool IsAllowed, string? Message, PolicyEvaluation? Evaluation);
