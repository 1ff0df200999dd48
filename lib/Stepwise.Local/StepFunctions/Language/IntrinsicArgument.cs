using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>One argument of an intrinsic function call.</summary>
public abstract class IntrinsicArgument
{
    private protected IntrinsicArgument()
    {
    }
}

/// <summary>A literal: a quoted string, a number, <c>true</c>, <c>false</c> or <c>null</c>.</summary>
public sealed class LiteralArgument : IntrinsicArgument
{
    private readonly JsonNode? value;

    internal LiteralArgument(JsonNode? value, IReadOnlyList<string>? formatPieces = null) =>
        (this.value, FormatPieces) = (value, formatPieces);

    /// <summary>A fresh copy of the literal's value.</summary>
    public JsonNode? Value => JsonValues.Clone(value);

    /// <summary>For a string literal, its text split at the unescaped <c>{}</c> placeholders (escaped braces are
    /// literal text), so States.Format can tell <c>\{}</c> from <c>{}</c>.</summary>
    internal IReadOnlyList<string>? FormatPieces { get; }
}

/// <summary>A path: <c>$.x</c> (input), <c>$$.Execution.Id</c> (context) or <c>$name.x</c> (variable).</summary>
public sealed class PathArgument : IntrinsicArgument
{
    internal PathArgument(string path) => Path = path;

    public string Path { get; }
}

/// <summary>A nested call, e.g. the inner call in <c>States.StringToJson(States.JsonToString($.x))</c>.</summary>
public sealed class CallArgument : IntrinsicArgument
{
    internal CallArgument(IntrinsicExpression call) => Call = call;

    public IntrinsicExpression Call { get; }
}
