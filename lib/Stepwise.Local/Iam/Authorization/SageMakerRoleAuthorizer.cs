using Stepwise.Local.SageMaker;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>SageMaker's execution roles checked against local IAM: the trust policy must name
/// <c>sagemaker.amazonaws.com</c>, and the role's session — <c>assumed-role/{role}/SageMaker</c>, the session name
/// SageMaker's own calls show in AWS's AccessDenied messages — is evaluated for each S3, ECR and Logs call a job makes.</summary>
public sealed class SageMakerRoleAuthorizer(LocalIam iam, IAccessChecker access, string accountId, TimeProvider? time = null) : ISageMakerRoleAuthorizer
{
    /// <summary>The service principal.</summary>
    public const string Service = "sagemaker.amazonaws.com";

    /// <summary>The session name of SageMaker's calls with the role.</summary>
    public const string SessionName = "SageMaker";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc/>
    public bool CanAssume(string roleArn, string sourceArn) => ServiceRoleTrust.Allows(iam, roleArn, Service, sourceArn, accountId, _time);

    /// <inheritdoc/>
    public AccessDecision Decide(string roleArn, string action, string resource) =>
        access.Decide(ServiceRoleTrust.Session(iam, roleArn, SessionName, accountId, _time), action, resource);
}
