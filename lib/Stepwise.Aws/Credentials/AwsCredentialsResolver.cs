using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Stepwise.Aws.Credentials;

/// <summary>Finds the credentials to sign with: the options' own, else the access key in the options' environment
/// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), else AWSSDK.Core's default chain.</summary>
public static class AwsCredentialsResolver
{
    /// <summary>The options' credentials, or those the default chain finds (which refresh themselves when temporary).</summary>
    /// <exception cref="InvalidOperationException">No source in the chain has credentials.</exception>
    public static AWSCredentials Resolve(AwsClientOptions options)
    {
        if (options.Credentials is { } credentials)
            return credentials;
        // The SDK's chain reads the process environment; a caller that gave its own lookup (a test, a notebook's
        // options) expects the same variables to be read through it.
        if (options.EnvironmentVariables("AWS_ACCESS_KEY_ID") is { Length: > 0 } accessKey &&
            options.EnvironmentVariables("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secretKey)
            return options.EnvironmentVariables("AWS_SESSION_TOKEN") is { Length: > 0 } token
                ? new SessionAWSCredentials(accessKey, secretKey, token)
                : new BasicAWSCredentials(accessKey, secretKey);
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(null!);
        }
        catch (AmazonClientException e)
        {
            throw new InvalidOperationException(
                "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile (AWS_PROFILE), " +
                "or pass AwsClientOptions.Credentials.", e);
        }
    }
}
