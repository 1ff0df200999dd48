using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Endpoints;

/// <summary>
/// Resolves a service's endpoint as the AWS SDKs do: the options' override, else <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>
/// (the model's serviceId upper-cased, spaces as underscores), else <c>AWS_ENDPOINT_URL</c>, else
/// <c>https://{endpointPrefix}.{region}.amazonaws.com</c> (a global service: <c>https://{endpointPrefix}.amazonaws.com</c>).
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> skips the environment variables.
/// </summary>
public sealed class EndpointResolver(string region, Uri? endpointUrl, Func<string, string?> environmentVariables)
{
    private const string GlobalSigningRegion = "us-east-1";

    /// <summary>The region requests are signed for unless the service is global.</summary>
    public string Region { get; } = region;

    /// <summary>The environment variable that overrides one service's endpoint: <c>AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME</c>.</summary>
    public static string ServiceVariable(string serviceId) =>
        "AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant().Replace(' ', '_').Replace('-', '_');

    /// <summary>The endpoint of <paramref name="service"/>; <paramref name="hostPrefix"/> (<c>sync-</c>) applies to AWS's own endpoint only.</summary>
    public AwsEndpoint Resolve(ServiceDescriptor service, string? hostPrefix = null) =>
        Resolve(service.ServiceId, service.EndpointPrefix, service.GlobalEndpoint, hostPrefix);

    /// <summary>The endpoint of a service named by its model's serviceId and endpoint prefix.</summary>
    public AwsEndpoint Resolve(string serviceId, string endpointPrefix, bool global, string? hostPrefix = null)
    {
        var signingRegion = global ? GlobalSigningRegion : Region;
        if (ConfiguredUrl(serviceId) is { } configured)
            return new AwsEndpoint(configured, signingRegion, IsOverride: true);
        var host = global ? $"{endpointPrefix}.amazonaws.com" : $"{endpointPrefix}.{Region}.{DnsSuffix(Region)}";
        return new AwsEndpoint(new Uri($"https://{hostPrefix}{host}"), signingRegion, IsOverride: false);
    }

    /// <summary>The override that applies to a service, or null for AWS's own endpoint.</summary>
    public Uri? ConfiguredUrl(string serviceId)
    {
        if (endpointUrl is not null)
            return endpointUrl;
        if (string.Equals(environmentVariables("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
            return null;
        var serviceVariable = ServiceVariable(serviceId);
        return Parse(serviceVariable, environmentVariables(serviceVariable)) ?? Parse("AWS_ENDPOINT_URL", environmentVariables("AWS_ENDPOINT_URL"));
    }

    private static Uri? Parse(string variable, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"{variable} is not an absolute http(s) URL: '{value}'.");
        return url;
    }

    private static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
