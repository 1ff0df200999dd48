using System.Collections.Frozen;

namespace Stepwise.Local.Iam;

/// <summary>The condition keys the local cloud can supply in a request context, and so the ones a stored policy may
/// test (keys are case-insensitive, as in AWS). Tag keys take any tag after the slash; <c>sagemaker:</c> keys are
/// supplied by the SageMaker service for its own requests.</summary>
public static class ConditionKeys
{
    /// <summary>The principal's ARN (for an assumed-role session, the role's ARN).</summary>
    public const string PrincipalArn = "aws:PrincipalArn";
    /// <summary>The principal's account.</summary>
    public const string PrincipalAccount = "aws:PrincipalAccount";
    /// <summary><c>Account</c>, <c>AssumedRole</c>, …</summary>
    public const string PrincipalType = "aws:PrincipalType";
    /// <summary>For a session: <c>{RoleId}:{session name}</c>; for root, the account id.</summary>
    public const string UserId = "aws:userid";
    /// <summary>The IAM user's name (absent for roles and root, as in AWS).</summary>
    public const string UserName = "aws:username";
    /// <summary>The region a request is sent to.</summary>
    public const string RequestedRegion = "aws:RequestedRegion";
    /// <summary>The resource a service acts for (trust policies, service-to-service requests).</summary>
    public const string SourceArn = "aws:SourceArn";
    /// <summary>The account of <see cref="SourceArn"/>.</summary>
    public const string SourceAccount = "aws:SourceAccount";
    /// <summary>The request time (ISO 8601).</summary>
    public const string CurrentTime = "aws:CurrentTime";
    /// <summary>The request time (epoch seconds).</summary>
    public const string EpochTime = "aws:EpochTime";
    /// <summary>Whether the request came over TLS (the local host is plain HTTP: false).</summary>
    public const string SecureTransport = "aws:SecureTransport";
    /// <summary>The tag keys of the request (multivalued).</summary>
    public const string TagKeys = "aws:TagKeys";
    /// <summary>The service a role is passed to by iam:PassRole.</summary>
    public const string PassedToService = "iam:PassedToService";
    /// <summary>The policy ARN of an attach/detach request.</summary>
    public const string PolicyArn = "iam:PolicyARN";
    /// <summary>The permissions boundary of a role request.</summary>
    public const string PermissionsBoundary = "iam:PermissionsBoundary";
    /// <summary>The external id of an AssumeRole request.</summary>
    public const string ExternalId = "sts:ExternalId";
    /// <summary>The session name of an AssumeRole request.</summary>
    public const string RoleSessionName = "sts:RoleSessionName";

    /// <summary>The source identity of an AssumeRole request.</summary>
    public const string SourceIdentity = "sts:SourceIdentity";

    /// <summary>CloudWatch's metric namespace of a PutMetricData request: the only narrowing PutMetricData has (it has no
    /// resource), so a least-privilege SageMaker execution role tests it. The local cloud publishes no CloudWatch metrics,
    /// so no local request is ever evaluated against it; it is accepted so that such a role can be stored as on AWS.</summary>
    public const string CloudWatchNamespace = "cloudwatch:namespace";

    private static readonly FrozenSet<string> Exact = new[]
    {
        CloudWatchNamespace, PrincipalArn, PrincipalAccount, PrincipalType, UserId, UserName, RequestedRegion, SourceArn, SourceAccount,
        CurrentTime, EpochTime, SecureTransport, TagKeys, PassedToService, PolicyArn, PermissionsBoundary, ExternalId,
        RoleSessionName, SourceIdentity,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Prefixes = ["aws:ResourceTag/", "aws:RequestTag/", "aws:PrincipalTag/", "iam:ResourceTag/", "sagemaker:"];

    /// <summary>Whether a stored policy may test <paramref name="key"/>.</summary>
    public static bool IsSupported(string key) =>
        Exact.Contains(key) || Prefixes.Any(p => key.Length > p.Length && key.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The supported keys, for error messages.</summary>
    public static string Describe() =>
        string.Join(", ", Exact.Order(StringComparer.Ordinal)) + ", " + string.Join(", ", Prefixes.Select(p => p + "…"));
}
