using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Protocols;

/// <summary>The codec of each protocol the clients speak (S3's rest-xml is AWSSDK.S3's).</summary>
public static class ProtocolCodecs
{
    /// <summary>The codec for <paramref name="protocol"/>.</summary>
    public static IProtocolCodec For(AwsProtocol protocol) => protocol switch
    {
        AwsProtocol.AwsJson1_0 or AwsProtocol.AwsJson1_1 => AwsJsonCodec.Instance,
        AwsProtocol.RestJson1 => RestJsonCodec.Instance,
        AwsProtocol.Query => QueryCodec.Instance,
        _ => throw new NotSupportedException($"The {protocol} protocol has no codec here; S3 goes through AWSSDK.S3 (AwsClients.S3)."),
    };

    /// <summary>The base URL joined with a path (and query) that starts with <c>/</c>, keeping any base path.</summary>
    internal static Uri Combine(Uri endpoint, string pathAndQuery) =>
        new(endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/') + pathAndQuery);
}
