using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>A raw query-protocol client: forms as botocore sends them (signed for <c>service</c>, so the router can tell
/// IAM from STS), and anything botocore never would.</summary>
internal sealed class QueryHttp(Uri endpoint, string service) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };

    public sealed record QueryError(int Status, string? Type, string? Code, string? Message);

    public Task<(int Status, HttpContentHeaders Headers, string Body)> PostAsync(string form, string contentType = "application/x-www-form-urlencoded; charset=utf-8") =>
        SendAsync(HttpMethod.Post, "/", form, contentType);

    public Task<(int Status, HttpContentHeaders Headers, string Body)> GetAsync(string pathAndQuery) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, null);

    /// <summary>Posts a form that must fail, and reads AWS's <c>&lt;ErrorResponse&gt;</c>.</summary>
    public async Task<QueryError> ErrorAsync(string form, string contentType = "application/x-www-form-urlencoded; charset=utf-8")
    {
        var (status, _, body) = await PostAsync(form, contentType);
        return Error(status, body);
    }

    public async Task<(int Status, HttpContentHeaders Headers, string Body)> SendAsync(HttpMethod method, string pathAndQuery, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var headers = response.Content.Headers;
        foreach (var (name, values) in response.Headers)
            headers.TryAddWithoutValidation(name, values);
        return ((int)response.StatusCode, headers, text);
    }

    /// <summary>The query protocol's error document; fails the test when the answer is not one.</summary>
    public static QueryError Error(int status, string body)
    {
        Assert.True(status is >= 400 and < 500, $"expected a 4xx, got {status}: {body}");
        var root = XDocument.Parse(body).Root!;
        Assert.Equal("ErrorResponse", root.Name.LocalName);
        var error = root.Elements().Single(e => e.Name.LocalName == "Error");
        string? Text(string name) => error.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        return new QueryError(status, Text("Type"), Text("Code"), Text("Message"));
    }

    public void Dispose() => _http.Dispose();
}
