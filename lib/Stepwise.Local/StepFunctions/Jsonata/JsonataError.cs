using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>An error as JSONata reports it: a code (<c>S0202</c>, <c>T2001</c>, <c>D3030</c>…; absent for errors from
/// AWS's added functions), a message, and the character position and token where it happened.</summary>
internal sealed record JsonataError(string? Code, string Message, int? Position, string? Token)
{
    /// <summary>"message (code, position N, token 'x')" — the parts JSONata gave, in one line.</summary>
    public override string ToString()
    {
        var details = new List<string>(3);
        if (Code is not null) details.Add(Code);
        if (Position is not null) details.Add($"position {Position}");
        if (!string.IsNullOrEmpty(Token)) details.Add($"token '{Token}'");
        return details.Count == 0 ? Message : $"{Message} ({string.Join(", ", details)})";
    }

    /// <summary>Reads JSONata's thrown value: its error objects are plain objects, not JavaScript Errors.</summary>
    internal static JsonataError From(JsValue thrown)
    {
        if (thrown is ObjectInstance error)
        {
            var code = error.Get("code");
            var message = error.Get("message");
            var position = error.Get("position");
            var token = error.Get("token");
            return new JsonataError(
                code.IsString() ? code.ToString() : null,
                message.IsUndefined() ? thrown.ToString() : message.ToString(),
                position.IsNumber() ? (int)position.AsNumber() : null,
                token.IsUndefined() || token.IsNull() ? null : token.ToString());
        }
        return new JsonataError(null, thrown.ToString(), null, null);
    }

    /// <summary>An error raised by the JavaScript engine itself (recursion, stack or memory limits…).</summary>
    internal static JsonataError FromEngine(Exception exception) => exception switch
    {
        JavaScriptException js => From(js.Error),
        _ => new JsonataError(null, exception.Message, null, null),
    };
}

/// <summary>A JSONata expression failed while evaluating (thrown inside the engine; surfaced as
/// <see cref="StatesErrors.QueryEvaluationError"/>).</summary>
internal sealed class JsonataEvaluationException(JsonataError error, Exception? inner = null) : Exception(error.ToString(), inner)
{
    public JsonataError JsonataError { get; } = error;
}
