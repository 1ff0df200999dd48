using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Protocols;

/// <summary>Errors of the JSON protocols: the code from <c>x-amzn-ErrorType</c> or the body's <c>__type</c>/<c>code</c>,
/// the message from <c>message</c>/<c>Message</c>.</summary>
internal static class JsonErrors
{
    public static async Task<AwsServiceException> ReadAsync(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonObject? document = null;
        try
        {
            document = body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): fall back on the status and the body's start.
        }
        var code = Header(response, "x-amzn-ErrorType") ?? Text(document, "__type") ?? Text(document, "code") ?? Text(document, "Code");
        var message = Text(document, "message") ?? Text(document, "Message") ?? Text(document, "errorMessage") ??
                      Header(response, "x-amzn-ErrorMessage") ?? (document is null && body.Length > 0 ? ErrorCodes.Excerpt(body) : response.ReasonPhrase) ?? "";
        var name = code is null ? ErrorCodes.FromStatus(status) : ErrorCodes.Sanitize(code);
        return operation.Service.CreateException(name.Length == 0 ? ErrorCodes.FromStatus(status) : name, message, status);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } value ? value : null;

    private static string? Text(JsonObject? document, string name) =>
        document?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
