namespace Stepwise.Local.Iam;

/// <summary>The comparison family of a condition operator.</summary>
public enum ConditionFamily
{
    /// <summary>StringEquals, StringLike, … (case-sensitive unless IgnoreCase).</summary>
    String,
    /// <summary>NumericEquals, NumericLessThan, …</summary>
    Numeric,
    /// <summary>DateEquals, DateLessThan, … (ISO 8601 or epoch seconds).</summary>
    Date,
    /// <summary>Bool.</summary>
    Bool,
    /// <summary>BinaryEquals (base64).</summary>
    Binary,
    /// <summary>IpAddress, NotIpAddress (CIDR).</summary>
    Ip,
    /// <summary>ArnEquals, ArnLike, … (per-segment, wildcards).</summary>
    Arn,
    /// <summary>Null: whether the key is absent.</summary>
    Null,
}
