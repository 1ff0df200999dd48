using System.Globalization;

namespace Stepwise.Local.Iam;

/// <summary>
/// The local cloud's <see cref="IAccessChecker"/>: the account's root is allowed everything (it is the local admin); a
/// role session is evaluated with <see cref="PolicyEvaluator"/> against its role's policies, boundary and session
/// policy, in a request context with the global keys AWS supplies (<c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c>,
/// <c>aws:PrincipalType</c>, <c>aws:userid</c>, <c>aws:PrincipalTag/…</c>, <c>aws:RequestedRegion</c>,
/// <c>aws:CurrentTime</c>, <c>aws:EpochTime</c>, <c>aws:SecureTransport</c>) plus the request's own.
/// An expired session is refused with STS's ExpiredToken.
/// </summary>
public sealed class AccessChecker(LocalIam iam, string region, TimeProvider? time = null) : IAccessChecker
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc/>
    public AccessDecision Decide(CallerIdentity caller, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Session is not { } session)
            return new AccessDecision(true, null, null);
        if (caller.IsExpired)
            return new AccessDecision(false, "The security token included in the request is expired", null);
        var request = Context(caller, session, action, resource, context);
        var policies = iam.PoliciesOf(session);
        var evaluation = PolicyEvaluator.Evaluate(request, policies);
        return evaluation.IsAllowed
            ? new AccessDecision(true, null, evaluation)
            : new AccessDecision(false, Message(caller.Arn, action, resource, evaluation, policies), evaluation);
    }

    /// <inheritdoc/>
    public Task CheckAsync(CallerIdentity caller, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null,
        string errorCode = "AccessDeniedException", CancellationToken cancellationToken = default)
    {
        var decision = Decide(caller, action, resource, context);
        if (decision.IsAllowed)
            return Task.CompletedTask;
        if (caller.IsExpired)
            throw new Stepwise.Aws.Sts.StsException(Stepwise.Aws.Sts.StsErrorCodes.ExpiredTokenException, decision.Message!);
        throw new AccessDeniedException(decision.Message!, errorCode, decision.Evaluation);
    }

    /// <summary>AWS's AccessDenied wording: why the request was refused, naming the kind of policy that decided
    /// (an explicit deny names the managed policy's ARN, as AWS's messages now do).</summary>
    public static string Message(string callerArn, string action, string resource, PolicyEvaluation evaluation, IReadOnlyList<EvaluatedPolicy> policies)
    {
        var head = $"User: {callerArn} is not authorized to perform: {action} on resource: {resource}";
        if (evaluation.Decision == PolicyDecision.ExplicitDeny)
        {
            var denying = evaluation.MatchedStatements[0].Policy;
            var kind = denying.Type switch
            {
                PolicyType.PermissionsBoundary => "a permissions boundary",
                PolicyType.Session => "a session policy",
                PolicyType.Resource => "a resource-based policy",
                _ => "an identity-based policy",
            };
            return denying.Arn is { } arn ? $"{head} with an explicit deny in {kind}: {arn}" : $"{head} with an explicit deny in {kind}";
        }
        var request = new RequestContext { Action = action, Resource = resource };
        var granted = PolicyEvaluator.Evaluate(request, policies.Where(p => p.Type is PolicyType.Identity or PolicyType.Resource)).IsAllowed;
        if (granted && evaluation.AllowedByPermissionsBoundary == false)
            return $"{head} because no permissions boundary allows the {action} action";
        if (granted && policies.Any(p => p.Type == PolicyType.Session))
            return $"{head} because no session policy allows the {action} action";
        return $"{head} because no identity-based policy allows the {action} action";
    }

    private RequestContext Context(CallerIdentity caller, RoleSession session, string action, string resource,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? extra)
    {
        var now = _time.GetUtcNow();
        var request = new RequestContext { Action = action, Resource = resource, Principal = caller.Principal }
            .With(ConditionKeys.PrincipalArn, session.RoleArn)
            .With(ConditionKeys.PrincipalAccount, caller.Account)
            .With(ConditionKeys.PrincipalType, caller.Principal.Type)
            .With(ConditionKeys.UserId, session.UserId)
            .With(ConditionKeys.RequestedRegion, region)
            .With(ConditionKeys.CurrentTime, now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .With(ConditionKeys.EpochTime, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .With(ConditionKeys.SecureTransport, "false");
        foreach (var tag in iam.PrincipalTags(session))
            request = request.With("aws:PrincipalTag/" + tag.Key, tag.Value);
        foreach (var (key, values) in extra ?? new Dictionary<string, IReadOnlyList<string>>())
            request = request.With(key, [.. values]);
        return request;
    }
}
