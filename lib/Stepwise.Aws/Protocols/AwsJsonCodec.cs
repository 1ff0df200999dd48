using System.Net.Http.Headers;
using System.Text.Json;
using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Protocols;

/// <summary>awsJson 1.0/1.1: <c>POST /</c> with <c>X-Amz-Target: Prefix.Operation</c> and the input shape as the JSON body.</summary>
public sealed class AwsJsonCodec : IProtocolCodec
{
    /// <summary>The codec (stateless).</summary>
    public static AwsJsonCodec Instance { get; } = new();

    /// <inheritdoc/>
    public HttpRequestMessage CreateRequest<TInput>(OperationDescriptor operation, TInput input, Uri endpoint) where TInput : class
    {
        var service = operation.Service;
        var body = JsonSerializer.SerializeToUtf8Bytes(input, service.Json.GetTypeInfo(typeof(TInput)));
        var request = new HttpRequestMessage(HttpMethod.Post, ProtocolCodecs.Combine(endpoint, "/"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(service.JsonContentType!);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", operation.Target);
        return request;
    }

    /// <inheritdoc/>
    public async Task<TOutput> ReadOutputAsync<TOutput>(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken)
        where TOutput : class
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var typeInfo = operation.Service.Json.GetTypeInfo(typeof(TOutput));
        return (TOutput)JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body, typeInfo)!;
    }

    /// <inheritdoc/>
    public Task<AwsServiceException> ReadErrorAsync(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonErrors.ReadAsync(operation, response, cancellationToken);
}
