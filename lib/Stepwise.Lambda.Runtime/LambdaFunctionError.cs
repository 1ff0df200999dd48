using System.Text.Json.Nodes;

namespace Stepwise.Lambda.Runtime;

/// <summary>The error document Lambda returns for a failed invocation: <c>{"errorMessage", "errorType", "stackTrace"}</c>.</summary>
public sealed record LambdaFunctionError(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace)
{
    /// <summary>The error of an exception, typed by its class name as the .NET runtime does (<c>InvalidOperationException</c>),
    /// or by <see cref="LambdaHandledException.ErrorType"/>.</summary>
    public static LambdaFunctionError FromException(Exception exception)
    {
        var type = exception is LambdaHandledException handled ? handled.ErrorType : exception.GetType().Name;
        var stack = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LambdaFunctionError(type, exception.Message, stack);
    }

    /// <summary>The JSON document posted to the runtime API.</summary>
    public JsonObject ToJson() => new()
    {
        ["errorMessage"] = ErrorMessage,
        ["errorType"] = ErrorType,
        ["stackTrace"] = new JsonArray([.. StackTrace.Select(line => (JsonNode?)line)]),
    };
}
