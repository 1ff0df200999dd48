using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Hosting;

/// <summary>A service on the awsJson 1.0/1.1 protocol, served from its operation descriptors: POST / with
/// <c>X-Amz-Target: Prefix.Operation</c>, the input shape as JSON, the output shape back, errors as
/// <c>{"__type", "message"}</c> with <c>x-amzn-ErrorType</c>.</summary>
public sealed class AwsJsonEndpoint : ServiceEndpoint
{
    private readonly object _port;
    private readonly FrozenDictionary<string, OperationDescriptor> _operations;
    private readonly Func<object, IReadOnlyList<string>> _missingRequired;
    private readonly long _maxBodyBytes;

    /// <summary>Serves <paramref name="port"/> (an <c>IStepFunctions</c>, <c>ILogs</c>, …) through <paramref name="operations"/>;
    /// <paramref name="missingRequired"/> lists the required members an input lacks (the service's <c>…Json.MissingRequiredMembers</c>).</summary>
    public AwsJsonEndpoint(ServiceDescriptor service, IEnumerable<OperationDescriptor> operations, object port,
        Func<object, IReadOnlyList<string>> missingRequired, long maxBodyBytes = 1024 * 1024)
        : base(service)
    {
        if (service.Protocol is not (AwsProtocol.AwsJson1_0 or AwsProtocol.AwsJson1_1) || service.TargetPrefix is null)
            throw new ArgumentException($"{service.ServiceId} is not an awsJson service.", nameof(service));
        _port = port;
        _operations = operations.ToFrozenDictionary(o => o.Target!, StringComparer.Ordinal);
        _missingRequired = missingRequired;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>The code of the service's validation error (Logs and ECR call it otherwise).</summary>
    public string ValidationErrorCode { get; init; } = "ValidationException";

    /// <inheritdoc/>
    public override async Task<string?> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        var name = target.StartsWith(Service.TargetPrefix + ".", StringComparison.Ordinal) ? target[(Service.TargetPrefix!.Length + 1)..] : null;
        try
        {
            if (!HttpMethods.IsPost(request.Method))
                throw Error("UnknownOperationException", $"The {Service.ServiceId} API takes POST requests to /; got {request.Method}.");
            if (!_operations.TryGetValue(target, out var operation))
                throw Error("UnknownOperationException", target.Length == 0
                    ? $"Missing X-Amz-Target header: expected {Service.TargetPrefix}.<Operation>."
                    : $"Unknown operation: '{target}'.");
            if (!IsJsonContentType(request.ContentType))
                throw Error("UnknownOperationException",
                    $"Content-Type '{request.ContentType}' is not {Service.JsonContentType}: the {Service.ServiceId} API reads awsJson requests only.");

            using var body = await RequestBody.ReadAsync(request, _maxBodyBytes, TooLarge, context.RequestAborted).ConfigureAwait(false);
            var input = Read(operation, body.Memory.Span);
            var output = await operation.InvokeAsync(_port, input, context.RequestAborted).ConfigureAwait(false);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(output, operation.OutputType, Service.Json);
            var response = context.Response;
            response.StatusCode = operation.SuccessCode;
            response.ContentType = Service.JsonContentType;
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            await ProtocolErrors.WriteJsonAsync(context.Response, Service, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await ProtocolErrors.WriteJsonAsync(context.Response, Service, Error(ValidationErrorCode, e.Message)).ConfigureAwait(false);
        }
        return name;
    }

    private bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return true; // botocore and the AWS CLI always send one; curl users get the benefit of the doubt
        var media = contentType.Split(';')[0].Trim();
        return media.Equals(Service.JsonContentType, StringComparison.OrdinalIgnoreCase)
               || media.StartsWith("application/x-amz-json-", StringComparison.OrdinalIgnoreCase)
               || media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private object Read(OperationDescriptor operation, ReadOnlySpan<byte> body)
    {
        var start = FirstNonWhitespace(body);
        if (start < 0)
            throw Error("SerializationException", "The request body is empty: an awsJson request is a JSON object ({} when the operation takes no parameters).");
        if (body[start] != (byte)'{')
            throw Error(ValidationErrorCode, "The request body must be a JSON object.");
        object? input;
        try
        {
            input = JsonSerializer.Deserialize(body, operation.InputType, Service.Json);
        }
        catch (JsonException e)
        {
            throw Error(ValidationErrorCode, Describe(operation.InputType, e));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw Error(ValidationErrorCode, $"Malformed request body: {FirstLine(e.Message)}");
        }
        if (input is null)
            throw Error(ValidationErrorCode, "The request body must be a JSON object.");
        var missing = _missingRequired(input);
        if (missing.Count > 0)
            throw Error(ValidationErrorCode, ValidationMessages.MissingMembers(missing));
        return input;
    }

    private static int FirstNonWhitespace(ReadOnlySpan<byte> body)
    {
        for (var i = 0; i < body.Length; i++)
            if (body[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                return i;
        return -1;
    }

    private Exception TooLarge(long size) => Error(ValidationErrorCode,
        $"1 validation error detected: Request body of {size} bytes or more failed to satisfy constraint: Member must have length less than or equal to {_maxBodyBytes}");

    private AwsServiceException Error(string code, string message) => Service.CreateException(code, message, 400);

    /// <summary>AWS-like wording for JSON that does not fit the shape: which member, what type it must have.</summary>
    private string Describe(Type inputType, JsonException e)
    {
        var path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        if (path is not null && e.Message.Contains("could not be converted", StringComparison.Ordinal) && MemberType(inputType, path) is { } type)
            return $"1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must be of type {type}";
        return path is null
            ? $"Malformed request body: {Scrub(FirstLine(e.Message))}"
            : $"Malformed request body at '{path}': {Scrub(FirstLine(e.Message))}";
    }

    /// <summary>The model type name (string, integer, list…) of the member at a JSON path like <c>tags[0].key</c>.</summary>
    private string? MemberType(Type type, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            var property = Service.Json.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == name);
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
            _ when type == typeof(double) || type == typeof(float) => "number",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(DateTimeOffset) => "timestamp",
            _ when type == typeof(byte[]) => "blob",
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => "list",
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) => "map",
            _ => "structure",
        };
    }

    /// <summary>System.Text.Json names .NET types in its messages (<c>Stepwise.Aws.StepFunctions.TagList</c>); a caller
    /// of an AWS API should read the model's words instead.</summary>
    private static string Scrub(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\b(?:System|Stepwise)(?:\.[A-Za-z0-9_`\[\],]+)+", "the member's type");

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
