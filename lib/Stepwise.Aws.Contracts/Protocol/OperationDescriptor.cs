namespace Stepwise.Aws.Protocol;

/// <summary>One operation of a service as its model binds it to HTTP; the AWS client and the local host both read it.</summary>
public abstract class OperationDescriptor
{
    private protected OperationDescriptor(ServiceDescriptor service, string name, string httpMethod, string requestUri,
        int successCode, string? hostPrefix, IReadOnlyList<MemberBinding> input, IReadOnlyList<MemberBinding> output,
        IReadOnlyList<string> errors)
    {
        Service = service;
        Name = name;
        HttpMethod = httpMethod;
        RequestUri = requestUri;
        SuccessCode = successCode;
        HostPrefix = hostPrefix;
        Input = input;
        Output = output;
        Errors = errors;
    }

    /// <summary>The service the operation belongs to.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The operation name (<c>CreateStateMachine</c>).</summary>
    public string Name { get; }

    /// <summary>The HTTP method (<c>POST</c> for awsJson and query).</summary>
    public string HttpMethod { get; }

    /// <summary>The request URI template (<c>/2015-03-31/functions/{FunctionName}/invocations</c>; <c>/</c> for awsJson).</summary>
    public string RequestUri { get; }

    /// <summary>The HTTP status of a success (the model's <c>responseCode</c>, 200 unless it says otherwise).</summary>
    public int SuccessCode { get; }

    /// <summary>The model's <c>endpoint.hostPrefix</c> (<c>sync-</c> for StartSyncExecution), or null.</summary>
    public string? HostPrefix { get; }

    /// <summary>The <c>X-Amz-Target</c> header value of awsJson operations.</summary>
    public string? Target => Service.TargetPrefix is { } prefix ? $"{prefix}.{Name}" : null;

    /// <summary>Members of the input shape that do not travel in the body (all others do).</summary>
    public IReadOnlyList<MemberBinding> Input { get; }

    /// <summary>Members of the output shape that do not travel in the body.</summary>
    public IReadOnlyList<MemberBinding> Output { get; }

    /// <summary>The error codes the model lists for the operation.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The input shape's type.</summary>
    public abstract Type InputType { get; }

    /// <summary>The output shape's type.</summary>
    public abstract Type OutputType { get; }

    /// <summary>Calls the operation on a port (<c>IStepFunctions</c>, …) with an input of <see cref="InputType"/>.</summary>
    public abstract Task<object> InvokeAsync(object port, object input, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"{Service.ServiceId}.{Name}";
}

/// <summary>An operation of port <typeparamref name="TPort"/> with its input and output shapes.</summary>
public sealed class OperationDescriptor<TPort, TInput, TOutput>(
    ServiceDescriptor service, string name, string httpMethod, string requestUri, int successCode, string? hostPrefix,
    IReadOnlyList<MemberBinding> input, IReadOnlyList<MemberBinding> output, IReadOnlyList<string> errors,
    Func<TPort, TInput, CancellationToken, Task<TOutput>> call)
    : OperationDescriptor(service, name, httpMethod, requestUri, successCode, hostPrefix, input, output, errors)
    where TInput : class
    where TOutput : class
{
    /// <inheritdoc/>
    public override Type InputType => typeof(TInput);

    /// <inheritdoc/>
    public override Type OutputType => typeof(TOutput);

    /// <summary>Calls the operation on a port.</summary>
    public Task<TOutput> InvokeAsync(TPort port, TInput input, CancellationToken cancellationToken) => call(port, input, cancellationToken);

    /// <inheritdoc/>
    public override async Task<object> InvokeAsync(object port, object input, CancellationToken cancellationToken) =>
        await call((TPort)port, (TInput)input, cancellationToken).ConfigureAwait(false);
}
