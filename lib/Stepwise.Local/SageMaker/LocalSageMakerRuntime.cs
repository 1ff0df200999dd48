using Stepwise.Aws.Protocol;
using System.Net.Http.Headers;
using Stepwise.Aws.SageMakerRuntime;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// SageMaker Runtime over the local SageMaker's endpoints: InvokeEndpoint sends Body, ContentType, Accept and
/// CustomAttributes to the serving container's <c>POST /invocations</c> and answers what it answers; a container that
/// answers non-2xx is SageMaker's <c>ModelError</c> (424, with OriginalStatusCode, OriginalMessage and LogStreamArn), an
/// endpoint that does not exist or is not in service SageMaker Runtime's <c>ValidationError</c>.
/// </summary>
public sealed class LocalSageMakerRuntime : ISageMakerRuntime, IDisposable
{
    /// <summary>SageMaker's limit on a real-time invocation: 60 seconds.</summary>
    public static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    private const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";
    private readonly LocalSageMaker _sageMaker;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    public LocalSageMakerRuntime(LocalSageMaker sageMaker) => _sageMaker = sageMaker;

    public async Task<InvokeEndpointOutput> InvokeEndpointAsync(InvokeEndpointInput input, CancellationToken cancellationToken = default)
    {
        var options = _sageMaker.Options;
        if (input.EndpointName is null)
            throw new SageMakerRuntimeException(SageMakerRuntimeErrorCodes.ValidationError,
                ValidationMessages.MissingMembers(["endpointName"]));
        if (input.TargetModel is not null || input.InferenceComponentName is not null || input.TargetContainerHostname is not null || input.SessionId is not null)
            throw new SageMakerRuntimeException(SageMakerRuntimeErrorCodes.ValidationError,
                "TargetModel, InferenceComponentName, TargetContainerHostname and SessionId are not served by the local SageMaker Runtime.");
        if (_sageMaker.RouteInvocation(input.EndpointName, input.TargetVariant) is not { } route)
        {
            if (input.TargetVariant is not null && _sageMaker.RouteInvocation(input.EndpointName, null) is not null)
                throw new SageMakerRuntimeException(SageMakerRuntimeErrorCodes.ValidationError,
                    $"Endpoint {input.EndpointName} does not have a production variant named {input.TargetVariant}.");
            throw new SageMakerRuntimeException(SageMakerRuntimeErrorCodes.ValidationError,
                $"Endpoint {input.EndpointName} of account {options.AccountId} not found.");
        }

        var (container, endpoint) = route;
        var logGroup = SageMakerHosting.LogGroupPrefix + endpoint.EndpointName;
        var logStreamArn = $"arn:aws:logs:{options.Region}:{options.AccountId}:log-group:{logGroup}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(container.BaseAddress, "invocations"))
        {
            Content = new ByteArrayContent(input.Body ?? []),
        };
        if (input.ContentType is { Length: > 0 } contentType)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (input.Accept is { Length: > 0 } accept)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        if (input.CustomAttributes is { } attributes)
            request.Headers.TryAddWithoutValidation(CustomAttributesHeader, attributes);
        if (input.InferenceId is { } inferenceId)
            request.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Inference-Id", inferenceId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InvocationTimeout);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelErrorException(
                $"Your invocation timed out while waiting for a response from container primary. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.",
                null, null, logStreamArn);
        }
        catch (HttpRequestException e)
        {
            throw new ModelErrorException(
                $"An error occurred while sending the request to the model container primary of production variant {container.Variant}: {e.Message}. See the log group {logGroup} in account {options.AccountId} for more information.",
                null, null, logStreamArn);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                var message = System.Text.Encoding.UTF8.GetString(body);
                var kind = status < 500 ? "client" : "server";
                throw new ModelErrorException(
                    $"Received {kind} error ({status}) from primary with message \"{message}\". See https://{options.Region}.console.aws.amazon.com/cloudwatch/home?region={options.Region}#logEventViewer:group={logGroup} in account {options.AccountId} for more information.",
                    status, message, logStreamArn);
            }
            return new InvokeEndpointOutput
            {
                Body = body,
                ContentType = response.Content.Headers.ContentType?.ToString(),
                InvokedProductionVariant = container.Variant,
                CustomAttributes = response.Headers.TryGetValues(CustomAttributesHeader, out var values) ? string.Join(",", values) : null,
            };
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>SageMaker Runtime's <c>ModelError</c>: the container answered an error (or none); the wire error carries
/// OriginalStatusCode, OriginalMessage and LogStreamArn as SageMaker's does.</summary>
public sealed class ModelErrorException(string message, int? originalStatusCode, string? originalMessage, string logStreamArn)
    : SageMakerRuntimeException(SageMakerRuntimeErrorCodes.ModelError, message, SageMakerRuntimeErrorCodes.StatusCode(SageMakerRuntimeErrorCodes.ModelError))
{
    /// <summary>The status the container answered (null when it answered none).</summary>
    public int? OriginalStatusCode { get; } = originalStatusCode;

    /// <summary>The body the container answered, as text.</summary>
    public string? OriginalMessage { get; } = originalMessage;

    /// <summary>The endpoint's log group: <c>arn:aws:logs:{region}:{account}:log-group:/aws/sagemaker/Endpoints/{name}</c>.</summary>
    public string LogStreamArn { get; } = logStreamArn;

    /// <summary>OriginalStatusCode, an integer in the model: a JSON number on the wire.</summary>
    public override IEnumerable<KeyValuePair<string, long>> NumberDetails
    {
        get
        {
            if (OriginalStatusCode is { } status) yield return new("OriginalStatusCode", status);
        }
    }

    public override IEnumerable<KeyValuePair<string, string>> Details
    {
        get
        {
            if (OriginalMessage is { } message) yield return new("OriginalMessage", message);
            yield return new("LogStreamArn", LogStreamArn);
        }
    }
}
