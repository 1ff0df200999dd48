using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Iam;

/// <summary>A request its caller's policies do not allow, with AWS's AccessDenied text. The code is the calling
/// service's: <c>AccessDeniedException</c> for the JSON services (the default), <c>AccessDenied</c> for IAM and STS.</summary>
public sealed class AccessDeniedException(string message, string errorCode = "AccessDeniedException", PolicyEvaluation? evaluation = null)
    : AwsServiceException(errorCode, message, 403)
{
    /// <summary>What the evaluator decided, when it was consulted.</summary>
    public PolicyEvaluation? Evaluation { get; } = evaluation;
}
