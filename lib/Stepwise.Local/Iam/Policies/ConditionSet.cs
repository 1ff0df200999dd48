namespace Stepwise.Local.Iam;

/// <summary>The set operator qualifying a condition on a multivalued key.</summary>
public enum ConditionSet
{
    /// <summary>No qualifier: a single-valued key (a multivalued one matches when any of its values does).</summary>
    None,
    /// <summary><c>ForAnyValue:</c>: at least one request value satisfies the operator; false when the key is absent.</summary>
    ForAnyValue,
    /// <summary><c>ForAllValues:</c>: every request value satisfies the operator; true when the key is absent.</summary>
    ForAllValues,
}
