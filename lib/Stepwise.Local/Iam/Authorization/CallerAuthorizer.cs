namespace Stepwise.Local.Iam.Authorization;

/// <summary>
/// The check of a direct call (over the host, or in-process through <see cref="AuthorizedPorts"/>) for its caller: the
/// account's root — any credentials local STS did not issue — is the local admin and never checked; a role session's
/// call is evaluated for each permission the service's <see cref="ServiceAuthorization"/> table says it needs, and the
/// first one refused answers with the service's AccessDenied error and AWS's text.
/// </summary>
public sealed class CallerAuthorizer(LocalIam iam, IAccessChecker access, AuthorizationScope scope)
{
    /// <summary>The region and account the tables write ARNs in.</summary>
    public AuthorizationScope Scope { get; } = scope;

    /// <summary>Returns when the caller (<paramref name="accessKeyId"/>, else <see cref="CallerContext.AccessKeyId"/>) may
    /// make the call; throws the service's AccessDenied (or ExpiredToken) error when not.</summary>
    public void Authorize(ServiceAuthorization table, string operation, object input, string? accessKeyId = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var caller = iam.ResolveCaller(accessKeyId ?? CallerContext.AccessKeyId);
        if (caller.IsRoot)
            return;
        if (caller.IsExpired)
            throw table.Expired();
        foreach (var need in table.For(operation, input, Scope))
        {
            var decision = access.Decide(caller, need.Action, need.Resource, need.Context);
            if (decision.IsAllowed)
                continue;
            var message = decision.Message!;
            if (table.QuotesResource)
                message = message.Replace($" on resource: {need.Resource}", $" on resource: \"{need.Resource}\"", StringComparison.Ordinal);
            throw table.Denied(message);
        }
    }
}
