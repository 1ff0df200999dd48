using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

/// <summary>Who a request acts as: the account's root (any credentials STS did not issue), or a role session.</summary>
public sealed record CallerIdentity
{
    /// <summary>The account.</summary>
    public required string Account { get; init; }

    /// <summary>The caller's ARN as GetCallerIdentity and AccessDenied messages name it.</summary>
    public required string Arn { get; init; }

    /// <summary>GetCallerIdentity's UserId: the account id for root, <c>{RoleId}:{session}</c> for a session.</summary>
    public required string UserId { get; init; }

    /// <summary>The principal, as policies match it.</summary>
    public required RequestPrincipal Principal { get; init; }

    /// <summary>The session, when the caller signed with credentials from AssumeRole.</summary>
    public RoleSession? Session { get; init; }

    /// <summary>Whether this is the account's root user (allowed everything, as the local admin).</summary>
    public bool IsRoot => Session is null;

    /// <summary>Whether the session's credentials have expired.</summary>
    public bool IsExpired { get; init; }

    /// <summary>The root of <paramref name="account"/>.</summary>
    public static CallerIdentity Root(string account) => new()
    {
        Account = account, Arn = $"arn:aws:iam::{account}:root", UserId = account, Principal = RequestPrincipal.Root(account),
    };
}
