using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Stepwise.Local.Lambda;

/// <summary>The Lambda runtime API (2018-06-01) of one execution environment, on its own 127.0.0.1 port (the address is
/// all a runtime is given, <c>AWS_LAMBDA_RUNTIME_API</c>): <c>GET invocation/next</c>, <c>POST invocation/{id}/response</c>,
/// <c>POST invocation/{id}/error</c>, <c>POST init/error</c>, answered as Lambda answers them.</summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    /// <summary>Lambda's limit of a synchronous response (6 MB).</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private const string Prefix = "/2018-06-01/runtime/";
    private readonly Channel<RuntimeInvocation> _queue = Channel.CreateUnbounded<RuntimeInvocation>();
    private readonly ConcurrentDictionary<string, RuntimeInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RuntimeAnswer> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary><c>127.0.0.1:{port}</c>, the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Completes when the runtime first asks for an event: the end of its init phase.</summary>
    public Task FirstNext => _firstNext.Task;

    /// <summary>Completes when the runtime reports an init failure.</summary>
    public Task<RuntimeAnswer> InitError => _initError.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxResponseBytes + 1024 * 1024;
        });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("Kestrel reported no bound address for the runtime API.");
        Address = new Uri(address).Authority;
    }

    /// <summary>Queues an event for the runtime's next <c>GET invocation/next</c>; its answer completes <see cref="RuntimeInvocation.Answer"/>.</summary>
    public void Enqueue(RuntimeInvocation invocation)
    {
        _inFlight[invocation.RequestId] = invocation;
        _queue.Writer.TryWrite(invocation);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, "UnknownResource", $"The runtime API serves {Prefix}…, not {path}.").ConfigureAwait(false);
            return;
        }
        var route = path[Prefix.Length..];
        if (route == "invocation/next" && HttpMethods.IsGet(method))
            await NextAsync(context).ConfigureAwait(false);
        else if (route == "init/error" && HttpMethods.IsPost(method))
        {
            _initError.TrySetResult(await ReadAnswerAsync(context, isError: true).ConfigureAwait(false));
            await AcceptedAsync(context).ConfigureAwait(false);
        }
        else if (route.StartsWith("invocation/", StringComparison.Ordinal) && HttpMethods.IsPost(method)
                 && route.Split('/') is [_, var id, var kind] && kind is "response" or "error")
            await AnswerAsync(context, Uri.UnescapeDataString(id), kind == "error").ConfigureAwait(false);
        else
            await ErrorAsync(context, 404, "UnknownResource", $"The runtime API has no {method} {path}.").ConfigureAwait(false);
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstNext.TrySetResult();
        RuntimeInvocation invocation;
        try
        {
            invocation = await _queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the runtime went away or the environment is shutting down
        }
        catch (ChannelClosedException)
        {
            return;
        }
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        response.Headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        response.ContentLength = invocation.Payload.Length;
        await response.Body.WriteAsync(invocation.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, string requestId, bool isError)
    {
        if (!_inFlight.TryRemove(requestId, out var invocation))
        {
            await ErrorAsync(context, 400, "InvalidRequestID", $"Invalid request ID: {requestId} is not the invocation in flight.").ConfigureAwait(false);
            return;
        }
        if (!isError && context.Request.ContentLength > MaxResponseBytes)
        {
            invocation.Answer.TrySetResult(new RuntimeAnswer(Encoding.UTF8.GetBytes(new JsonObject
            {
                ["errorMessage"] = $"Response payload size ({context.Request.ContentLength} bytes) exceeded maximum allowed payload size ({MaxResponseBytes} bytes).",
                ["errorType"] = "Function.ResponseSizeTooLarge",
            }.ToJsonString()), IsError: true, "Function.ResponseSizeTooLarge"));
            await ErrorAsync(context, 413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).").ConfigureAwait(false);
            return;
        }
        invocation.Answer.TrySetResult(await ReadAnswerAsync(context, isError).ConfigureAwait(false));
        await AcceptedAsync(context).ConfigureAwait(false);
    }

    private static async Task<RuntimeAnswer> ReadAnswerAsync(HttpContext context, bool isError)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var type = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        return new RuntimeAnswer(buffer.ToArray(), isError, type.Length == 0 ? null : type);
    }

    private static Task AcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = 202;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"status\":\"OK\"}", context.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["errorMessage"] = message, ["errorType"] = type }.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_app is { } app)
        {
            _app = null;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await app.StopAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // a long-polling GET next is cut off: nobody waits for it
            }
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>One event handed to a runtime, and what it answered.</summary>
internal sealed record RuntimeInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, string InvokedFunctionArn, string TraceId)
{
    public TaskCompletionSource<RuntimeAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A runtime's <c>response</c> or <c>error</c> body (and its <c>Lambda-Runtime-Function-Error-Type</c>).</summary>
internal sealed record RuntimeAnswer(byte[] Body, bool IsError, string? ErrorType);
