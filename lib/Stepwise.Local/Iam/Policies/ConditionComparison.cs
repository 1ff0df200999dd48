namespace Stepwise.Local.Iam;

/// <summary>The comparison an operator makes between a request value and a policy value.</summary>
public enum ConditionComparison
{
    /// <summary>Exactly equal (ARN operators: per-segment wildcard match).</summary>
    Equals,
    /// <summary>Equal ignoring case.</summary>
    EqualsIgnoreCase,
    /// <summary>Wildcard match (<c>*</c>, <c>?</c>).</summary>
    Like,
    /// <summary>Less than.</summary>
    LessThan,
    /// <summary>Less than or equal.</summary>
    LessThanEquals,
    /// <summary>Greater than.</summary>
    GreaterThan,
    /// <summary>Greater than or equal.</summary>
    GreaterThanEquals,
    /// <summary>Within a CIDR block.</summary>
    InRange,
    /// <summary>The key's presence (Null).</summary>
    Absent,
}
