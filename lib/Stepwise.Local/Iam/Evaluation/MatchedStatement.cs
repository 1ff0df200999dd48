namespace Stepwise.Local.Iam;

/// <summary>A statement that decided an evaluation, with the policy it belongs to.</summary>
public sealed record MatchedStatement(EvaluatedPolicy Policy, PolicyStatement Statement);
