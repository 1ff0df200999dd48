using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions.Host;

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

    /// <summary>AWS-like wording for a JSON that does not fit the shape: which member, what type it must have.</summary>
    private static string Describe(JsonException e)
    {
        var path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        if (path is not null && e.Message.Contains("could not be converted", StringComparison.Ordinal) && MemberType(path) is { } type)
            return $"1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must be of type {type}";
        return path is null
            ? $"Malformed request body: {FirstLine(e.Message)}"
            : $"Malformed request body at '{path}': {FirstLine(e.Message)}";
    }

    /// <summary>The model type name (string, integer, list…) of the member at a JSON path like <c>tags[0].key</c>.</summary>
    private static string? MemberType(string path)
    {
        Type type = typeof(TInput);
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            var property = StepFunctionsJson.Options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
                return null;
            type = property.PropertyType;
            if (bracket >= 0 && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
                type = type.GetGenericArguments()[0];
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(int) || type == typeof(long) => "integer",
            _ when type == typeof(double) => "number",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(DateTimeOffset) => "timestamp",
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => "list",
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) => "map",
            _ => "structure",
        };
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
