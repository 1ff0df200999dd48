using System.Collections.Immutable;

namespace Stepwise.Local.Iam;

/// <summary>One operator–key pair of a statement's <c>Condition</c> block with its values (OR'd, or NOR'd for a
/// negated operator); the pairs of a block are AND'd.</summary>
public sealed record PolicyCondition(ConditionOperator Operator, string Key, ImmutableArray<string> Values);
