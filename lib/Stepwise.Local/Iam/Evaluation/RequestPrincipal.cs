namespace Stepwise.Local.Iam;

/// <summary>Who makes a request, as policies match it: an account's root, a role's session, or an AWS service.</summary>
public sealed record RequestPrincipal
{
    /// <summary>The account's root user (<c>arn:aws:iam::{account}:root</c>): the local cloud's admin.</summary>
    public static RequestPrincipal Root(string account) => new() { Arn = $"arn:aws:iam::{account}:root", Account = account, Type = "Account" };

    /// <summary>A session of a role: policies match it by the role's ARN and by the session's.</summary>
    public static RequestPrincipal Session(string account, string roleArn, string sessionArn) =>
        new() { Arn = roleArn, Account = account, SessionArn = sessionArn, Type = "AssumedRole" };

    /// <summary>An AWS service principal such as <c>sagemaker.amazonaws.com</c>.</summary>
    public static RequestPrincipal Service(string serviceName) =>
        new() { Arn = serviceName, Account = null, ServiceName = serviceName, Type = "Service" };

    /// <summary><c>aws:PrincipalArn</c>: the root's ARN, the role's ARN for a session, the service's name.</summary>
    public required string Arn { get; init; }

    /// <summary>Its account; null for a service.</summary>
    public string? Account { get; init; }

    /// <summary>For a session: <c>arn:aws:sts::{account}:assumed-role/{role}/{session}</c>.</summary>
    public string? SessionArn { get; init; }

    /// <summary>For a service principal: its name.</summary>
    public string? ServiceName { get; init; }

    /// <summary><c>aws:PrincipalType</c>: <c>Account</c>, <c>AssumedRole</c>, <c>Service</c>.</summary>
    public required string Type { get; init; }
}
