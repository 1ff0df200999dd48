namespace Stepwise.Local.Iam.Authorization;

/// <summary>The region and account the resource ARNs of a call are written in.</summary>
public sealed record AuthorizationScope(string Region, string Account)
{
    /// <summary><c>arn:aws:{service}:{region}:{account}:{resource}</c>.</summary>
    public string Arn(string service, string resource) => $"arn:aws:{service}:{Region}:{Account}:{resource}";

    /// <summary>A global service's ARN (IAM): <c>arn:aws:{service}::{account}:{resource}</c>.</summary>
    public string GlobalArn(string service, string resource) => $"arn:aws:{service}::{Account}:{resource}";
}
