using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>The boolean expression inside <c>[?( … )]</c>, with Jayway's semantics: a bare path tests existence,
/// comparisons between values of different types are false, numbers compare by value.</summary>
internal abstract class FilterExpression
{
    public abstract bool IsTrue(JsonNode? current, JsonNode? root);
}

internal sealed class OrFilter(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) => left.IsTrue(current, root) || right.IsTrue(current, root);
}

internal sealed class AndFilter(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) => left.IsTrue(current, root) && right.IsTrue(current, root);
}

internal sealed class NotFilter(FilterExpression operand) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) => !operand.IsTrue(current, root);
}

/// <summary><c>@.isbn</c> alone: true when the path selects something (even <c>false</c> or <c>null</c>).</summary>
internal sealed class ExistsFilter(PathOperand path) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) => path.Evaluate(current, root).Found;
}

internal enum FilterOperator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Matches, In, NotIn, Size, Empty, Contains }

internal sealed class ComparisonFilter(FilterOperand left, FilterOperator op, FilterOperand right) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root)
    {
        var a = left.Evaluate(current, root);
        var b = right.Evaluate(current, root);
        return op switch
        {
            FilterOperator.Equal => AreEqual(a, b),
            FilterOperator.NotEqual => !AreEqual(a, b),
            FilterOperator.Less => Compare(a, b) is < 0,
            FilterOperator.LessOrEqual => Compare(a, b) is <= 0,
            FilterOperator.Greater => Compare(a, b) is > 0,
            FilterOperator.GreaterOrEqual => Compare(a, b) is >= 0,
            FilterOperator.Matches => a.Found && JsonValues.TryGetString(a.Value, out var s) && right is RegexOperand r && r.Regex.IsMatch(s),
            FilterOperator.In => a.Found && b.Value is JsonArray set && set.Any(item => JsonValues.DeepEquals(a.Value, item)),
            FilterOperator.NotIn => !(a.Found && b.Value is JsonArray set2 && set2.Any(item => JsonValues.DeepEquals(a.Value, item))),
            FilterOperator.Size => a.Found && JsonValues.TryGetInteger(b.Value, out var size) && SizeOf(a.Value) == size,
            FilterOperator.Empty => a.Found && JsonValues.TryGetBoolean(b.Value, out var empty) && SizeOf(a.Value) is { } n && (n == 0) == empty,
            FilterOperator.Contains => a.Found && Contains(a.Value, b.Value),
            _ => false,
        };
    }

    private static bool AreEqual(OperandValue a, OperandValue b) => a.Found == b.Found && (!a.Found || JsonValues.DeepEquals(a.Value, b.Value));

    private static int? Compare(OperandValue a, OperandValue b)
    {
        if (!a.Found || !b.Found) return null;
        if (JsonValues.IsNumber(a.Value) && JsonValues.IsNumber(b.Value)) return JsonValues.CompareNumbers(a.Value!, b.Value!);
        if (JsonValues.TryGetString(a.Value, out var x) && JsonValues.TryGetString(b.Value, out var y)) return string.CompareOrdinal(x, y);
        return null;
    }

    private static long? SizeOf(JsonNode? node) => node switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ when JsonValues.TryGetString(node, out var s) => s.Length,
        _ => null,
    };

    private static bool Contains(JsonNode? container, JsonNode? item) => container switch
    {
        JsonArray a => a.Any(x => JsonValues.DeepEquals(x, item)),
        _ when JsonValues.TryGetString(container, out var s) => JsonValues.TryGetString(item, out var t) && s.Contains(t, StringComparison.Ordinal),
        _ => false,
    };
}

/// <summary>A value in a comparison; <see cref="Found"/> is false when a path selected nothing.</summary>
internal readonly record struct OperandValue(bool Found, JsonNode? Value)
{
    public static readonly OperandValue Missing = new(false, null);
}

internal abstract class FilterOperand
{
    public abstract OperandValue Evaluate(JsonNode? current, JsonNode? root);
}

/// <summary>A literal: number, string, boolean, null or a JSON array (for <c>in</c>/<c>nin</c>).</summary>
internal sealed class LiteralOperand(JsonNode? value) : FilterOperand
{
    public override OperandValue Evaluate(JsonNode? current, JsonNode? root) => new(true, value);
}

/// <summary><c>/pattern/flags</c>; Jayway matches the whole string.</summary>
internal sealed class RegexOperand(string pattern, string flags) : FilterOperand
{
    public Regex Regex { get; } = new(
        $"\\A(?:{pattern})\\z",
        (flags.Contains('i') ? RegexOptions.IgnoreCase : 0) | (flags.Contains('m') ? RegexOptions.Multiline : 0)
            | (flags.Contains('s') ? RegexOptions.Singleline : 0) | RegexOptions.CultureInvariant);

    public override OperandValue Evaluate(JsonNode? current, JsonNode? root) => new(true, JsonValue.Create(pattern));
}

/// <summary><c>@…</c> (relative to the element under test) or <c>$…</c> (from the document root).
/// An indefinite path yields the array of its matches, as in Jayway.</summary>
internal sealed class PathOperand(JsonPathExpression path, bool relative) : FilterOperand
{
    public override OperandValue Evaluate(JsonNode? current, JsonNode? root) =>
        path.TryEvaluateReference(relative ? current : root, root, out var value) ? new(true, value) : OperandValue.Missing;
}
