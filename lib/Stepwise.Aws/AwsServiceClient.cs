using Amazon.Runtime;
using Stepwise.Aws.Credentials;
using Stepwise.Aws.Endpoints;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.Protocols;
using Stepwise.Aws.Regions;
using Stepwise.Aws.Retries;
using Stepwise.Aws.Signing;

namespace Stepwise.Aws;

/// <summary>
/// Sends any service's operation: resolves the endpoint, encodes the input with the service's protocol codec, signs
/// with SigV4, retries what is retryable, and decodes the output or the service's exception. One instance serves every
/// generated client (<c>AwsStepFunctionsClient</c>, …); it is thread-safe.
/// </summary>
public sealed class AwsServiceClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHandler;
    private readonly RetryStrategy _retry;

    /// <summary>A client over <paramref name="options"/>; credentials and region come from the SDK's chains where not given.</summary>
    public AwsServiceClient(AwsClientOptions? options = null)
    {
        Options = options ??= new AwsClientOptions();
        Region = AwsRegionResolver.Resolve(options);
        Credentials = AwsCredentialsResolver.Resolve(options);
        Endpoints = new EndpointResolver(Region, options.EndpointUrl, options.EnvironmentVariables);
        _retry = new RetryStrategy(options.Retry, options.TimeProvider);
        _ownsHandler = options.HttpHandler is null;
        var signer = new SigV4SigningHandler(Credentials, options.TimeProvider)
        {
            InnerHandler = options.HttpHandler ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All },
        };
        _http = new HttpClient(signer, disposeHandler: _ownsHandler) { Timeout = options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("stepwise-aws/1.0");
    }

    /// <summary>The options the client was made with.</summary>
    public AwsClientOptions Options { get; }

    /// <summary>The resolved region.</summary>
    public string Region { get; }

    /// <summary>The resolved credentials.</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>Where each service's requests go.</summary>
    public EndpointResolver Endpoints { get; }

    /// <summary>Calls <paramref name="operation"/> with <paramref name="input"/>; failures are the service's <see cref="AwsServiceException"/>.</summary>
    public Task<TOutput> SendAsync<TPort, TInput, TOutput>(OperationDescriptor<TPort, TInput, TOutput> operation, TInput input,
        CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(input);
        var service = operation.Service;
        var codec = ProtocolCodecs.For(service.Protocol);
        var endpoint = Endpoints.Resolve(service, operation.HostPrefix);
        var scope = new SigningScope(endpoint.SigningRegion, service.SigningName);
        return _retry.ExecuteAsync(async (_, ct) =>
        {
            using var request = codec.CreateRequest(operation, input, endpoint.Url);
            request.Options.Set(SigV4SigningHandler.ScopeKey, scope);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw await codec.ReadErrorAsync(operation, response, ct).ConfigureAwait(false);
            return await codec.ReadOutputAsync<TOutput>(operation, response, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
