using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>The evaluated arguments of one intrinsic call, with typed accessors that fail as AWS does:
/// "The first argument of the 'States.ArrayPartition' intrinsic function must be a JSON array".</summary>
internal readonly struct IntrinsicCall(IntrinsicExpression expression, JsonNode?[] args)
{
    public IntrinsicExpression Expression { get; } = expression;

    public JsonNode?[] Args { get; } = args;

    public StatesException Fail(string cause) => new(StatesErrors.IntrinsicFailure, cause);

    public JsonArray Array(int i) => Args[i] as JsonArray ?? throw WrongType(i, "a JSON array");

    public JsonObject Object(int i) => Args[i] as JsonObject ?? throw WrongType(i, "a JSON object");

    public string String(int i) => JsonValues.TryGetString(Args[i], out var s) ? s : throw WrongType(i, "a string");

    public bool Boolean(int i) => JsonValues.TryGetBoolean(Args[i], out var b) ? b : throw WrongType(i, "a boolean");

    public long Integer(int i) => JsonValues.TryGetInteger(Args[i], out var n) ? n : throw WrongType(i, "an integer");

    /// <summary>A number rounded to the nearest integer (halves up, as Java's Math.round), as AWS does for the Math functions.</summary>
    public long RoundedInteger(int i)
    {
        if (!JsonValues.TryGetDecimal(Args[i], out var m)) throw WrongType(i, "a number");
        var rounded = decimal.Floor(m + 0.5m);
        return rounded is >= long.MinValue and <= long.MaxValue ? (long)rounded : throw WrongType(i, "a number within the range of a 64-bit integer");
    }

    private StatesException WrongType(int i, string expected) =>
        Fail($"The {IntrinsicLibrary.Ordinal(i)} argument of the '{Expression.Name}' intrinsic function must be {expected}, but was {JsonValues.TypeName(Args[i])} {Shorten(JsonValues.ToJson(Args[i]))}");

    private static string Shorten(string json) => json.Length <= 100 ? json : json[..97] + "...";
}
