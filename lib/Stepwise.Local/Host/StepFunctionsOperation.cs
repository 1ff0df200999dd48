using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stepwise.Workflows.Api;

namespace Stepwise.Local.Host;

/// <summary>One operation of the awsJson 1.0 protocol: read its input shape, check required members, call the port,
/// write its output shape.</summary>
internal abstract class StepFunctionsOperation(string name)
{
    /// <summary>The operation name, as in <c>X-Amz-Target: AWSStepFunctions.{Name}</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Runs the operation on a request body (UTF-8 JSON) and returns the response body.</summary>
    public abstract Task<byte[]> InvokeAsync(IStepFunctions service, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

internal sealed class StepFunctionsOperation<TInput, TOutput>(
    string name, Func<IStepFunctions, TInput, CancellationToken, Task<TOutput>> call) : StepFunctionsOperation(name)
    where TInput : class
{
    private static readonly JsonTypeInfo<TInput> InputInfo = StepFunctionsJson.TypeInfo<TInput>();
    private static readonly JsonTypeInfo<TOutput> OutputInfo = StepFunctionsJson.TypeInfo<TOutput>();

    public override async Task<byte[]> InvokeAsync(IStepFunctions service, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var input = Read(body.Span);
        var output = await call(service, input, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(output, OutputInfo);
    }

    private static TInput Read(ReadOnlySpan<byte> body)
    {
        TInput? input;
        try
        {
            input = body.IsEmpty ? JsonSerializer.Deserialize("{}"u8, InputInfo) : JsonSerializer.Deserialize(body, InputInfo);
        }
        catch (JsonException e)
        {
            throw StepFunctionsException.Validation(Describe(e));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw StepFunctionsException.Validation($"Malformed request body: {e.Message}");
        }
        if (input is null)
            throw StepFunctionsException.Validation("The request body must be a JSON object.");
        var missing = StepFunctionsJson.MissingRequiredMembers(input);
        if (missing.Count > 0)
            throw StepFunctionsException.MissingRequiredMembers(missing);
        return input;
    }

    /// <summary>AWS-like wording for a JSON that does not fit the shape: which member, what was wrong.</summary>
    private static string Describe(JsonException e)
    {
        var path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        if (path is not null && e.InnerException is null && e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return $"1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must be of type {ExpectedType(e.Message)}";
        return path is null
            ? $"Malformed request body: {FirstLine(e.Message)}"
            : $"Malformed request body at '{path}': {FirstLine(e.Message)}";
    }

    private static string ExpectedType(string message)
    {
        var start = message.IndexOf("converted to ", StringComparison.Ordinal);
        var type = start < 0 ? "" : message[(start + "converted to ".Length)..].Split(" Path:")[0];
        return type switch
        {
            _ when type.Contains("IReadOnlyList", StringComparison.Ordinal) => "list",
            _ when type.Contains("IReadOnlyDictionary", StringComparison.Ordinal) => "map",
            _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "integer",
            _ when type.Contains("Double", StringComparison.Ordinal) => "number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "boolean",
            _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) => "timestamp",
            _ when type.StartsWith("System.String", StringComparison.Ordinal) => "string",
            _ => "structure",
        };
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
