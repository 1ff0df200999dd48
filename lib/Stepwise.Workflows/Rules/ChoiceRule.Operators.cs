// Generated from the ASL operator table; one factory per comparison operator.
using System.Text.Json.Nodes;

namespace Stepwise.Workflows;

public abstract partial record ChoiceRule
{
    /// <summary><c>StringEquals</c>: compares the variable with a string literal.</summary>
    public static ChoiceRule StringEquals(VariablePath variable, string value) => Compare(variable, "StringEquals", JsonValue.Create(value));

    /// <summary><c>StringEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule StringEqualsPath(VariablePath variable, string value) => Compare(variable, "StringEqualsPath", JsonValue.Create(value));

    /// <summary><c>StringLessThan</c>: compares the variable with a string literal.</summary>
    public static ChoiceRule StringLessThan(VariablePath variable, string value) => Compare(variable, "StringLessThan", JsonValue.Create(value));

    /// <summary><c>StringLessThanPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule StringLessThanPath(VariablePath variable, string value) => Compare(variable, "StringLessThanPath", JsonValue.Create(value));

    /// <summary><c>StringGreaterThan</c>: compares the variable with a string literal.</summary>
    public static ChoiceRule StringGreaterThan(VariablePath variable, string value) => Compare(variable, "StringGreaterThan", JsonValue.Create(value));

    /// <summary><c>StringGreaterThanPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule StringGreaterThanPath(VariablePath variable, string value) => Compare(variable, "StringGreaterThanPath", JsonValue.Create(value));

    /// <summary><c>StringLessThanEquals</c>: compares the variable with a string literal.</summary>
    public static ChoiceRule StringLessThanEquals(VariablePath variable, string value) => Compare(variable, "StringLessThanEquals", JsonValue.Create(value));

    /// <summary><c>StringLessThanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule StringLessThanEqualsPath(VariablePath variable, string value) => Compare(variable, "StringLessThanEqualsPath", JsonValue.Create(value));

    /// <summary><c>StringGreaterThanEquals</c>: compares the variable with a string literal.</summary>
    public static ChoiceRule StringGreaterThanEquals(VariablePath variable, string value) => Compare(variable, "StringGreaterThanEquals", JsonValue.Create(value));

    /// <summary><c>StringGreaterThanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule StringGreaterThanEqualsPath(VariablePath variable, string value) => Compare(variable, "StringGreaterThanEqualsPath", JsonValue.Create(value));

    /// <summary><c>StringMatches</c>: compares the variable with a string literal.</summary>
    public static ChoiceRule StringMatches(VariablePath variable, string value) => Compare(variable, "StringMatches", JsonValue.Create(value));

    /// <summary><c>NumericEquals</c>: compares the variable with a number.</summary>
    public static ChoiceRule NumericEquals(VariablePath variable, double value) => Compare(variable, "NumericEquals", JsonValue.Create(value));
    /// <summary><c>NumericEquals</c> with an integer operand.</summary>
    public static ChoiceRule NumericEquals(VariablePath variable, long value) => Compare(variable, "NumericEquals", JsonValue.Create(value));

    /// <summary><c>NumericEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule NumericEqualsPath(VariablePath variable, string value) => Compare(variable, "NumericEqualsPath", JsonValue.Create(value));

    /// <summary><c>NumericLessThan</c>: compares the variable with a number.</summary>
    public static ChoiceRule NumericLessThan(VariablePath variable, double value) => Compare(variable, "NumericLessThan", JsonValue.Create(value));
    /// <summary><c>NumericLessThan</c> with an integer operand.</summary>
    public static ChoiceRule NumericLessThan(VariablePath variable, long value) => Compare(variable, "NumericLessThan", JsonValue.Create(value));

    /// <summary><c>NumericLessThanPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule NumericLessThanPath(VariablePath variable, string value) => Compare(variable, "NumericLessThanPath", JsonValue.Create(value));

    /// <summary><c>NumericGreaterThan</c>: compares the variable with a number.</summary>
    public static ChoiceRule NumericGreaterThan(VariablePath variable, double value) => Compare(variable, "NumericGreaterThan", JsonValue.Create(value));
    /// <summary><c>NumericGreaterThan</c> with an integer operand.</summary>
    public static ChoiceRule NumericGreaterThan(VariablePath variable, long value) => Compare(variable, "NumericGreaterThan", JsonValue.Create(value));

    /// <summary><c>NumericGreaterThanPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule NumericGreaterThanPath(VariablePath variable, string value) => Compare(variable, "NumericGreaterThanPath", JsonValue.Create(value));

    /// <summary><c>NumericLessThanEquals</c>: compares the variable with a number.</summary>
    public static ChoiceRule NumericLessThanEquals(VariablePath variable, double value) => Compare(variable, "NumericLessThanEquals", JsonValue.Create(value));
    /// <summary><c>NumericLessThanEquals</c> with an integer operand.</summary>
    public static ChoiceRule NumericLessThanEquals(VariablePath variable, long value) => Compare(variable, "NumericLessThanEquals", JsonValue.Create(value));

    /// <summary><c>NumericLessThanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule NumericLessThanEqualsPath(VariablePath variable, string value) => Compare(variable, "NumericLessThanEqualsPath", JsonValue.Create(value));

    /// <summary><c>NumericGreaterThanEquals</c>: compares the variable with a number.</summary>
    public static ChoiceRule NumericGreaterThanEquals(VariablePath variable, double value) => Compare(variable, "NumericGreaterThanEquals", JsonValue.Create(value));
    /// <summary><c>NumericGreaterThanEquals</c> with an integer operand.</summary>
    public static ChoiceRule NumericGreaterThanEquals(VariablePath variable, long value) => Compare(variable, "NumericGreaterThanEquals", JsonValue.Create(value));

    /// <summary><c>NumericGreaterThanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule NumericGreaterThanEqualsPath(VariablePath variable, string value) => Compare(variable, "NumericGreaterThanEqualsPath", JsonValue.Create(value));

    /// <summary><c>BooleanEquals</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule BooleanEquals(VariablePath variable, bool value) => Compare(variable, "BooleanEquals", JsonValue.Create(value));

    /// <summary><c>BooleanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule BooleanEqualsPath(VariablePath variable, string value) => Compare(variable, "BooleanEqualsPath", JsonValue.Create(value));

    /// <summary><c>TimestampEquals</c>: compares the variable with a RFC 3339 timestamp.</summary>
    public static ChoiceRule TimestampEquals(VariablePath variable, string value) => Compare(variable, "TimestampEquals", JsonValue.Create(value));

    /// <summary><c>TimestampEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule TimestampEqualsPath(VariablePath variable, string value) => Compare(variable, "TimestampEqualsPath", JsonValue.Create(value));

    /// <summary><c>TimestampLessThan</c>: compares the variable with a RFC 3339 timestamp.</summary>
    public static ChoiceRule TimestampLessThan(VariablePath variable, string value) => Compare(variable, "TimestampLessThan", JsonValue.Create(value));

    /// <summary><c>TimestampLessThanPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule TimestampLessThanPath(VariablePath variable, string value) => Compare(variable, "TimestampLessThanPath", JsonValue.Create(value));

    /// <summary><c>TimestampGreaterThan</c>: compares the variable with a RFC 3339 timestamp.</summary>
    public static ChoiceRule TimestampGreaterThan(VariablePath variable, string value) => Compare(variable, "TimestampGreaterThan", JsonValue.Create(value));

    /// <summary><c>TimestampGreaterThanPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule TimestampGreaterThanPath(VariablePath variable, string value) => Compare(variable, "TimestampGreaterThanPath", JsonValue.Create(value));

    /// <summary><c>TimestampLessThanEquals</c>: compares the variable with a RFC 3339 timestamp.</summary>
    public static ChoiceRule TimestampLessThanEquals(VariablePath variable, string value) => Compare(variable, "TimestampLessThanEquals", JsonValue.Create(value));

    /// <summary><c>TimestampLessThanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule TimestampLessThanEqualsPath(VariablePath variable, string value) => Compare(variable, "TimestampLessThanEqualsPath", JsonValue.Create(value));

    /// <summary><c>TimestampGreaterThanEquals</c>: compares the variable with a RFC 3339 timestamp.</summary>
    public static ChoiceRule TimestampGreaterThanEquals(VariablePath variable, string value) => Compare(variable, "TimestampGreaterThanEquals", JsonValue.Create(value));

    /// <summary><c>TimestampGreaterThanEqualsPath</c>: compares the variable with a path to the operand.</summary>
    public static ChoiceRule TimestampGreaterThanEqualsPath(VariablePath variable, string value) => Compare(variable, "TimestampGreaterThanEqualsPath", JsonValue.Create(value));

    /// <summary><c>IsNull</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule IsNull(VariablePath variable, bool value) => Compare(variable, "IsNull", JsonValue.Create(value));

    /// <summary><c>IsPresent</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule IsPresent(VariablePath variable, bool value) => Compare(variable, "IsPresent", JsonValue.Create(value));

    /// <summary><c>IsNumeric</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule IsNumeric(VariablePath variable, bool value) => Compare(variable, "IsNumeric", JsonValue.Create(value));

    /// <summary><c>IsString</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule IsString(VariablePath variable, bool value) => Compare(variable, "IsString", JsonValue.Create(value));

    /// <summary><c>IsBoolean</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule IsBoolean(VariablePath variable, bool value) => Compare(variable, "IsBoolean", JsonValue.Create(value));

    /// <summary><c>IsTimestamp</c>: compares the variable with a Boolean.</summary>
    public static ChoiceRule IsTimestamp(VariablePath variable, bool value) => Compare(variable, "IsTimestamp", JsonValue.Create(value));

    /// <summary>The operators and the JSON type each one's operand must have.</summary>
    public static IReadOnlyDictionary<string, OperandKind> Operators { get; } = new Dictionary<string, OperandKind>
    {
        ["StringEquals"] = OperandKind.String,
        ["StringEqualsPath"] = OperandKind.Path,
        ["StringLessThan"] = OperandKind.String,
        ["StringLessThanPath"] = OperandKind.Path,
        ["StringGreaterThan"] = OperandKind.String,
        ["StringGreaterThanPath"] = OperandKind.Path,
        ["StringLessThanEquals"] = OperandKind.String,
        ["StringLessThanEqualsPath"] = OperandKind.Path,
        ["StringGreaterThanEquals"] = OperandKind.String,
        ["StringGreaterThanEqualsPath"] = OperandKind.Path,
        ["StringMatches"] = OperandKind.String,
        ["NumericEquals"] = OperandKind.Number,
        ["NumericEqualsPath"] = OperandKind.Path,
        ["NumericLessThan"] = OperandKind.Number,
        ["NumericLessThanPath"] = OperandKind.Path,
        ["NumericGreaterThan"] = OperandKind.Number,
        ["NumericGreaterThanPath"] = OperandKind.Path,
        ["NumericLessThanEquals"] = OperandKind.Number,
        ["NumericLessThanEqualsPath"] = OperandKind.Path,
        ["NumericGreaterThanEquals"] = OperandKind.Number,
        ["NumericGreaterThanEqualsPath"] = OperandKind.Path,
        ["BooleanEquals"] = OperandKind.Boolean,
        ["BooleanEqualsPath"] = OperandKind.Path,
        ["TimestampEquals"] = OperandKind.Timestamp,
        ["TimestampEqualsPath"] = OperandKind.Path,
        ["TimestampLessThan"] = OperandKind.Timestamp,
        ["TimestampLessThanPath"] = OperandKind.Path,
        ["TimestampGreaterThan"] = OperandKind.Timestamp,
        ["TimestampGreaterThanPath"] = OperandKind.Path,
        ["TimestampLessThanEquals"] = OperandKind.Timestamp,
        ["TimestampLessThanEqualsPath"] = OperandKind.Path,
        ["TimestampGreaterThanEquals"] = OperandKind.Timestamp,
        ["TimestampGreaterThanEqualsPath"] = OperandKind.Path,
        ["IsNull"] = OperandKind.Boolean,
        ["IsPresent"] = OperandKind.Boolean,
        ["IsNumeric"] = OperandKind.Boolean,
        ["IsString"] = OperandKind.Boolean,
        ["IsBoolean"] = OperandKind.Boolean,
        ["IsTimestamp"] = OperandKind.Boolean,
    };
}
