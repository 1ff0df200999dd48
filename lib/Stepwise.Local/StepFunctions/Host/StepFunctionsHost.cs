using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions.Host;

/// <summary>
/// Serves an <see cref="IStepFunctions"/> over AWS's awsJson 1.0 wire protocol on <c>http://127.0.0.1:{port}</c>, so that
/// boto3, the AWS SDK for JavaScript or the AWS CLI talk to it with <c>endpoint_url</c> / <c>--endpoint-url</c>.
/// Signatures are not checked (clients sign with any credentials). Errors come back as AWS sends them: HTTP 400 with
/// <c>{"__type": code, "message": …}</c> and <c>x-amzn-ErrorType</c>; only a failure of the service itself is a 500.
/// </summary>
public sealed class StepFunctionsHost : IAsyncDisposable
{
    /// <summary>The content type of awsJson 1.0 requests and responses.</summary>
    public const string ContentType = "application/x-amz-json-1.0";

    private const string UnknownOperation = "UnknownOperationException";
    private const string InternalFailure = "InternalFailure";

    private readonly IStepFunctions service;
    private readonly StepFunctionsHostOptions options;
    private readonly ILogger logger;
    private WebApplication? app;
    private Uri? uri;

    /// <summary>A host for <paramref name="service"/>; call <see cref="StartAsync(CancellationToken)"/> to listen.</summary>
    public StepFunctionsHost(IStepFunctions service, StepFunctionsHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        this.service = service;
        this.options = options ?? new StepFunctionsHostOptions();
        this.options.Validate();
        logger = (this.options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StepFunctionsHost>();
    }

    /// <summary>Starts a host for <paramref name="service"/> and returns it listening.</summary>
    public static async Task<StepFunctionsHost> StartAsync(
        IStepFunctions service, StepFunctionsHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        var host = new StepFunctionsHost(service, options);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:51234/</c>: the endpoint URL to give AWS clients.</summary>
    public Uri Uri => uri ?? throw new InvalidOperationException("The host is not listening; call StartAsync first.");

    /// <summary>Binds the port and starts serving; returns once requests are accepted.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (app is not null)
            throw new InvalidOperationException("The host is already started.");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // enforced while reading, to answer with a ValidationException
        });
        // Embedded in notebooks, tests and the CLI: the host must not take over Ctrl-C / SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        if (options.LoggerFactory is { } loggerFactory)
            builder.Services.AddSingleton(loggerFactory);
        var built = builder.Build();
        built.Run(HandleAsync);
        await built.StartAsync(cancellationToken).ConfigureAwait(false);
        app = built;
        var address = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        uri = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Stops accepting requests and lets those in flight finish (within the token's time).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (app is null)
            return;
        var stopping = app;
        app = null;
        uri = null;
        await stopping.StopAsync(cancellationToken).ConfigureAwait(false);
        await stopping.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(limit.Token).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        try
        {
            if (!HttpMethods.IsPost(request.Method))
                throw new StepFunctionsException(UnknownOperation, $"The Step Functions API takes POST requests; got {request.Method}.");
            var target = request.Headers["X-Amz-Target"].ToString();
            if (!StepFunctionsOperations.ByTarget.TryGetValue(target, out var operation))
                throw new StepFunctionsException(UnknownOperation, target.Length == 0
                    ? "Missing X-Amz-Target header: expected AWSStepFunctions.<Operation>."
                    : $"Unknown operation: '{target}'.");

            var (buffer, length) = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            byte[] output;
            try
            {
                output = await operation.InvokeAsync(service, buffer.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            response.ContentLength = output.Length;
            await response.Body.WriteAsync(output, context.RequestAborted).ConfigureAwait(false);
        }
        catch (StepFunctionsException e)
        {
            await WriteErrorAsync(response, StatusCodes.Status400BadRequest, e.ErrorCode, e.Message, e.Reason, e.ResourceName).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(response, StatusCodes.Status400BadRequest, StepFunctionsErrorCodes.ValidationException, e.Message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Step Functions operation {Target} failed", request.Headers["X-Amz-Target"].ToString());
            await WriteErrorAsync(response, StatusCodes.Status500InternalServerError, InternalFailure,
                $"The local Step Functions service failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>The whole body in a pooled buffer (return it), refusing bodies over the limit.</summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.MaxRequestBodyBytes;
        if (request.ContentLength is { } declared && declared > limit)
            throw TooLarge(declared);
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var n ? (int)n + 1 : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return (buffer, length);
                length += read;
                if (length > limit)
                    throw TooLarge(length);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private StepFunctionsException TooLarge(long size) =>
        StepFunctionsException.Validation(
            $"1 validation error detected: Request body of {size} bytes or more failed to satisfy constraint: " +
            $"Member must have length less than or equal to {options.MaxRequestBodyBytes}");

    private static async Task WriteErrorAsync(HttpResponse response, int status, string code, string message, string? reason = null, string? resourceName = null)
    {
        if (response.HasStarted)
            return;
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("__type"u8, code);
            json.WriteString("message"u8, message);
            if (reason is not null)
                json.WriteString("reason"u8, reason);
            if (resourceName is not null)
                json.WriteString("resourceName"u8, resourceName);
            json.WriteEndObject();
        }
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-ErrorType"] = code;
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory).ConfigureAwait(false);
    }

    /// <summary>A host lifetime that leaves process signals to the application.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
