using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

/// <summary>A role session STS issued: temporary credentials that act as the role until they expire.</summary>
public sealed record RoleSession(
    string AccessKeyId, string SecretAccessKey, string SessionToken, string RoleArn, string RoleId, string RoleName,
    string SessionName, DateTimeOffset Expiration, string? SessionPolicy, string? SourceIdentity, IReadOnlyList<Tag> Tags,
    DateTimeOffset Created)
{
    /// <summary><c>arn:aws:sts::{account}:assumed-role/{role}/{session}</c> (the role's path is not part of it, as in AWS).</summary>
    public string Arn(string account) => $"arn:aws:sts::{account}:assumed-role/{RoleName}/{SessionName}";

    /// <summary><c>{RoleId}:{session}</c>: the session's <c>UserId</c> and <c>AssumedRoleId</c>.</summary>
    public string UserId => $"{RoleId}:{SessionName}";
}
