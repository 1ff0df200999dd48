using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Stepwise.Lambda.Runtime;

/// <summary>The Lambda runtime API (version 2018-06-01) over HTTP: next invocation, its response or error, an init error.</summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;
    private readonly TimeSpan _postTimeout;

    /// <summary>A client of the runtime API at <paramref name="runtimeApi"/> (<c>host:port</c>, as in <c>AWS_LAMBDA_RUNTIME_API</c>).</summary>
    public LambdaRuntimeClient(string runtimeApi, HttpMessageHandler? handler = null, TimeSpan? postTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/{Version}/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _postTimeout = postTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Waits for the next event (as long as Lambda keeps the process; <paramref name="cancellationToken"/> ends the wait).</summary>
    public async Task<LambdaInvocation> NextInvocationAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new LambdaRuntimeException($"GET invocation/next answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
                        ?? throw new LambdaRuntimeException("GET invocation/next answered without a Lambda-Runtime-Aws-Request-Id header.");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        return new LambdaInvocation(requestId, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn") ?? "",
            Header(response, "Lambda-Runtime-Trace-Id"), body);
    }

    /// <summary>Posts the result of invocation <paramref name="requestId"/>.</summary>
    public Task SendResponseAsync(string requestId, byte[] payload, CancellationToken cancellationToken = default) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", payload, null, cancellationToken);

    /// <summary>Posts the error of invocation <paramref name="requestId"/> (<c>Lambda-Runtime-Function-Error-Type</c> is its type).</summary>
    public Task SendErrorAsync(string requestId, LambdaFunctionError error, CancellationToken cancellationToken = default) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", Encoding.UTF8.GetBytes(error.ToJson().ToJsonString()), error.ErrorType, cancellationToken);

    /// <summary>Posts an initialization failure; Lambda then ends the process.</summary>
    public Task SendInitErrorAsync(LambdaFunctionError error, CancellationToken cancellationToken = default) =>
        PostAsync("init/error", Encoding.UTF8.GetBytes(error.ToJson().ToJsonString()), error.ErrorType, cancellationToken);

    private async Task PostAsync(string path, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_postTimeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (errorType is not null)
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await _http.SendAsync(request, limit.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new LambdaRuntimeException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false)}");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
