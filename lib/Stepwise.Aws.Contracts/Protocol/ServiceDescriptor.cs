using System.Text.Json;

namespace Stepwise.Aws.Protocol;

/// <summary>An AWS service as its model describes it: how to address, sign and encode its requests.</summary>
/// <param name="ServiceId">The model's <c>serviceId</c> (<c>SFN</c>, <c>SageMaker</c>, <c>IAM</c>), also the suffix of
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> once upper-cased with spaces as underscores.</param>
/// <param name="EndpointPrefix">The host name prefix (<c>states</c> in <c>states.us-east-1.amazonaws.com</c>).</param>
/// <param name="SigningName">The SigV4 credential scope's service name.</param>
/// <param name="ApiVersion">The model's API version (<c>Version=</c> of the query protocol).</param>
/// <param name="Protocol">The wire protocol.</param>
/// <param name="TargetPrefix">awsJson only: the <c>X-Amz-Target</c> prefix before the dot.</param>
/// <param name="XmlNamespace">query only: the namespace of the XML responses.</param>
/// <param name="GlobalEndpoint">A global service (IAM): one endpoint, signed for <c>us-east-1</c>.</param>
/// <param name="Json">The JSON options of its shapes (the source-generated context plus the wire conventions).</param>
/// <param name="CreateException">Makes the service's own exception from an error code, message and HTTP status.</param>
public sealed record ServiceDescriptor(
    string ServiceId,
    string EndpointPrefix,
    string SigningName,
    string ApiVersion,
    AwsProtocol Protocol,
    string? TargetPrefix,
    string? XmlNamespace,
    bool GlobalEndpoint,
    JsonSerializerOptions Json,
    Func<string, string, int, AwsServiceException> CreateException)
{
    /// <summary>The <c>Content-Type</c> of awsJson requests and responses.</summary>
    public string? JsonContentType => Protocol switch
    {
        AwsProtocol.AwsJson1_0 => "application/x-amz-json-1.0",
        AwsProtocol.AwsJson1_1 => "application/x-amz-json-1.1",
        AwsProtocol.RestJson1 => "application/json",
        _ => null,
    };
}
