using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>An HTTP Task (<c>arn:aws:states:::http:invoke</c>) as TRACE shows it: the request its arguments describe
/// and the response its result holds.</summary>
public static class HttpTask
{
    public const string Resource = "arn:aws:states:::http:invoke";

    /// <summary>The request of the task's arguments (ApiEndpoint, Method, Headers, QueryParameters, RequestBody).</summary>
    public static InspectionDataRequest Request(JsonNode? payload)
    {
        var arguments = payload as JsonObject;
        var url = Text(arguments?["ApiEndpoint"]) ?? "";
        if (arguments?["QueryParameters"] is JsonObject query && query.Count > 0)
            url += (url.Contains('?') ? "&" : "?") + string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(Text(p.Value) ?? "")}"));
        return new InspectionDataRequest
        {
            Protocol = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http" : "https",
            Method = Text(arguments?["Method"]),
            Url = url,
            Headers = arguments?["Headers"]?.ToJsonString(),
            Body = Text(arguments?["RequestBody"]),
        };
    }

    /// <summary>The response in the task's result (StatusCode, StatusText, Headers, ResponseBody).</summary>
    public static InspectionDataResponse Response(JsonNode result)
    {
        if (result is not JsonObject response) return new() { Protocol = "https", Body = result.ToJsonString() };
        return new()
        {
            Protocol = "https",
            StatusCode = Text(response["StatusCode"]),
            StatusMessage = Text(response["StatusText"]),
            Headers = response["Headers"]?.ToJsonString(),
            Body = Text(response["ResponseBody"]),
        };
    }

    /// <summary>A string as itself, anything else as its JSON.</summary>
    private static string? Text(JsonNode? node) =>
        node is null ? null : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}
