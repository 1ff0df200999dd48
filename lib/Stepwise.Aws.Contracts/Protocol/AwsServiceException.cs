namespace Stepwise.Aws.Protocol;

/// <summary>An error an AWS service answers with: the model's error code (<c>__type</c>, <c>&lt;Code&gt;</c>), AWS's
/// message, and the HTTP status it travels with. Each service's exception (<c>StepFunctionsException</c>, …) derives from it.</summary>
public class AwsServiceException(string errorCode, string message, int statusCode = 400, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The model's error shape name or AWS's error code.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>The HTTP status the error travels with (4xx: the caller's fault; 5xx: the service's).</summary>
    public int StatusCode { get; init; } = statusCode;

    /// <summary>Whether the caller sent something wrong (<c>Sender</c> in query errors) rather than the service failing.</summary>
    public bool IsSenderFault => StatusCode < 500;

    /// <summary>The request id the service answered with, when known.</summary>
    public string? RequestId { get; init; }

    /// <summary>Members of the error shape beyond code and message (<c>reason</c>, <c>resourceName</c>), as the wire carries them.</summary>
    public virtual IEnumerable<KeyValuePair<string, string>> Details => [];

    /// <summary>Members of the error shape that are numbers in JSON protocols (SageMaker Runtime's <c>OriginalStatusCode</c>).</summary>
    public virtual IEnumerable<KeyValuePair<string, long>> NumberDetails => [];
}
