using Amazon.Runtime;
using Stepwise.Aws.Retries;

namespace Stepwise.Aws;

/// <summary>How the AWS clients find, sign for and reach AWS; every member is optional and falls back to the SDK's chains.</summary>
public sealed class AwsClientOptions
{
    /// <summary>The region (<c>us-east-1</c>); null: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then AWSSDK.Core's region chain (profile, instance metadata).</summary>
    public string? Region { get; init; }

    /// <summary>The credentials; null: AWSSDK.Core's default chain (environment, profile, SSO, web identity, container, instance metadata).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>One endpoint for every service (a local cloud, moto); overrides <c>AWS_ENDPOINT_URL[_SERVICE]</c>.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Attempts and backoff of retried calls.</summary>
    public AwsRetryOptions Retry { get; init; } = new();

    /// <summary>The innermost HTTP handler (a fake in tests); null: a <see cref="SocketsHttpHandler"/>. The clients do not dispose a given one.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The timeout of one HTTP attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock for request dates and retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable (<c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>, …); tests pass a dictionary's lookup instead of mutating the process environment.</summary>
    public Func<string, string?> EnvironmentVariables { get; init; } = Environment.GetEnvironmentVariable;
}
