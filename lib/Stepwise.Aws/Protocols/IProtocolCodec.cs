using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Protocols;

/// <summary>One wire protocol: turns an operation's input into an HTTP request and a response into its output or the
/// service's exception, driven only by the operation's descriptor and the service's JSON options.</summary>
public interface IProtocolCodec
{
    /// <summary>The request for <paramref name="input"/>, addressed to <paramref name="endpoint"/>.</summary>
    HttpRequestMessage CreateRequest<TInput>(OperationDescriptor operation, TInput input, Uri endpoint) where TInput : class;

    /// <summary>The output of a successful response.</summary>
    Task<TOutput> ReadOutputAsync<TOutput>(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken)
        where TOutput : class;

    /// <summary>The service's exception for an error response.</summary>
    Task<AwsServiceException> ReadErrorAsync(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken);
}
