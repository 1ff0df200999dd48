using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>A raw awsJson 1.0 client: what boto3 sends, without boto3, so tests can also send what boto3 never would.</summary>
internal sealed class AwsJsonClient(Uri endpoint) : IDisposable
{
    public const string ContentType = "application/x-amz-json-1.0";
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Calls <paramref name="operation"/>; throws with the answer when it is not a 200.</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject body)
    {
        var (status, text) = await SendAsync(HttpMethod.Post, $"AWSStepFunctions.{operation}", ContentType, Encoding.UTF8.GetBytes(body.ToJsonString()));
        if (status != 200) throw new InvalidOperationException($"{operation} answered {status}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Sends exactly these bytes and headers (a null target or content type leaves the header out).</summary>
    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string? target, string? contentType, byte[] body)
    {
        using var request = new HttpRequestMessage(method, "/");
        if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)) request.Content.Headers.ContentType = parsed;
            else request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
