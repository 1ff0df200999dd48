using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Stepwise.Aws.Protocol.ServiceDescriptor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Hosting;

/// <summary>
/// Every local service on one <c>http://127.0.0.1:{port}</c>, so that the AWS CLI, boto3, the JS SDK and Stepwise's own
/// AWS clients reach them with one endpoint URL. Requests are routed by <see cref="ServiceRouter"/>; signatures are
/// not checked. Each service answers in its own protocol, errors included; only a failure of a service itself is a 500.
/// </summary>
public sealed class LocalCloudHost : IAsyncDisposable
{
    private readonly ServiceRouter _router;
    private readonly LocalCloudHostOptions _options;
    private readonly ILogger _logger;
    private WebApplication? _app;
    private Uri? _uri;

    /// <summary>A host for <paramref name="services"/>; call <see cref="StartAsync(CancellationToken)"/> to listen.</summary>
    public LocalCloudHost(IReadOnlyList<ServiceEndpoint> services, LocalCloudHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _options = options ?? new LocalCloudHostOptions();
        _options.Validate();
        _router = new ServiceRouter(services);
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LocalCloudHost>();
    }

    /// <summary>Starts a host for <paramref name="services"/> and returns it listening.</summary>
    public static async Task<LocalCloudHost> StartAsync(IReadOnlyList<ServiceEndpoint> services, LocalCloudHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var host = new LocalCloudHost(services, options);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    /// <summary>Starts a host serving only <paramref name="stepFunctions"/> (any implementation of the port).</summary>
    public static Task<LocalCloudHost> StartAsync(IStepFunctions stepFunctions, LocalCloudHostOptions? options = null,
        CancellationToken cancellationToken = default) =>
        StartAsync([LocalCloudServices.StepFunctions(stepFunctions, options?.MaxRequestBodyBytes)], options, cancellationToken);

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:51234/</c>: the endpoint URL to give AWS clients.</summary>
    public Uri Uri => _uri ?? throw new InvalidOperationException("The host is not listening; call StartAsync first.");

    /// <summary>The services it serves.</summary>
    public IReadOnlyList<ServiceEndpoint> Services => _router.Served;

    /// <summary>Binds the port and starts serving; returns once requests are accepted.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
            throw new InvalidOperationException("The host is already started.");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(_options.Address, _options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // each service enforces its own limit, to answer in its own words
        });
        // Embedded in notebooks, tests and the CLI: the host must not take over Ctrl-C / SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        if (_options.LoggerFactory is { } loggerFactory)
            builder.Services.AddSingleton(loggerFactory);
        var built = builder.Build();
        built.Run(HandleAsync);
        await built.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = built;
        var address = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        _uri = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Stops accepting requests and lets those in flight finish (within the token's time).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is null)
            return;
        var stopping = _app;
        _app = null;
        _uri = null;
        await stopping.StopAsync(cancellationToken).ConfigureAwait(false);
        await stopping.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(limit.Token).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var (endpoint, service) = _router.Route(context.Request);
        // The request acts as whoever signed it: a session's ASIA… key acts as that role, any other key as the account's root.
        using var caller = Iam.CallerContext.Use(ServiceRouter.AccessKeyId(context.Request));
        string? operation = null;
        try
        {
            if (endpoint is null)
            {
                var target = context.Request.Headers["X-Amz-Target"].ToString();
                operation = target.LastIndexOf('.') is var dot and > 0 ? target[(dot + 1)..] : null;
                await NotServedAsync(context, service).ConfigureAwait(false);
            }
            else
                operation = await endpoint.HandleAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Service} {Operation} failed", service?.ServiceId, operation);
            if (service is not null)
                await ProtocolErrors.WriteAsync(context.Response, service, service.CreateException("InternalFailure",
                    $"The local {service.ServiceId} service failed: {e.GetType().Name}: {e.Message}", 500)).ConfigureAwait(false);
            else
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        if (_options.RequestLog is { } log)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var line = $"{service?.SigningName ?? "?",-9} {operation ?? context.Request.Method + " " + context.Request.Path,-36} {context.Response.StatusCode} {elapsed,6:0.0} ms";
            lock (log)
                log.WriteLine(line);
        }
    }

    /// <summary>One AWS-shaped answer, in the protocol of the service meant, naming the services that are served.</summary>
    private Task NotServedAsync(HttpContext context, ServiceDescriptor? service)
    {
        var served = string.Join(", ", _router.Served.Select(s => $"{s.Service.ServiceId} ({s.Service.SigningName})"));
        var message = service is null
            ? $"This request names no service the local cloud knows (no X-Amz-Target, no SigV4 credential scope, no known path). It serves: {served}."
            : $"The local cloud does not serve {service.ServiceId} ({service.SigningName}) yet. It serves: {served}.";
        var descriptor = service ?? KnownServices.All[0];
        var code = descriptor.Protocol switch
        {
            AwsProtocol.Query => "InvalidAction",
            AwsProtocol.RestXml => "InvalidRequest",
            _ => "UnknownOperationException",
        };
        return ProtocolErrors.WriteAsync(context.Response, descriptor, descriptor.CreateException(code, message, 400));
    }

    /// <summary>A host lifetime that leaves process signals to the application.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
