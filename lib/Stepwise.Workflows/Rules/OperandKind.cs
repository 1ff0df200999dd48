namespace Stepwise.Workflows;

/// <summary>The JSON type a comparison operator's operand must have.</summary>
public enum OperandKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A reference path starting with <c>$</c>.</summary>
    Path,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A Boolean.</summary>
    Boolean,

    /// <summary>An RFC 3339 timestamp string.</summary>
    Timestamp,
}
