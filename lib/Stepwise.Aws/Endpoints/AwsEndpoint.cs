namespace Stepwise.Aws.Endpoints;

/// <summary>Where a service's requests go and the region they are signed for.</summary>
/// <param name="Url">The base URL (scheme, host, port, optional base path).</param>
/// <param name="SigningRegion">The SigV4 scope's region (<c>us-east-1</c> for a global service).</param>
/// <param name="IsOverride">Whether the URL came from the options or <c>AWS_ENDPOINT_URL[_SERVICE]</c> rather than AWS's naming.</param>
public sealed record AwsEndpoint(Uri Url, string SigningRegion, bool IsOverride);
