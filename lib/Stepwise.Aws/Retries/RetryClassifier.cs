using System.Net;
using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Retries;

/// <summary>Which failures are worth another attempt: throttling and transient error codes, 5xx, and network errors and
/// timeouts — never another 4xx (the request itself is wrong) nor the caller's own cancellation.</summary>
public static class RetryClassifier
{
    /// <summary>The throttling error codes of the AWS SDKs' standard retry mode.</summary>
    public static IReadOnlySet<string> ThrottlingCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    /// <summary>The transient error codes of the standard retry mode.</summary>
    public static IReadOnlySet<string> TransientCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "ServiceUnavailableException", "IDPCommunicationError",
    };

    /// <summary>Whether the call that failed with <paramref name="error"/> should be tried again.</summary>
    /// <param name="error">What the attempt threw.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation the caller asked for is never retried.</param>
    public static bool IsRetryable(Exception error, CancellationToken cancellationToken) => error switch
    {
        AwsServiceException service => ThrottlingCodes.Contains(service.ErrorCode) || TransientCodes.Contains(service.ErrorCode) ||
                                       service.StatusCode >= 500 || service.StatusCode == (int)HttpStatusCode.TooManyRequests,
        HttpRequestException => true,
        IOException => true,
        TimeoutException => true,
        // HttpClient's own timeout surfaces as a cancellation of a token the caller did not cancel.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
