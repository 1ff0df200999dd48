using System.Globalization;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>Whether a service principal may assume a role, as the service's own AssumeRole would be decided: the role's
/// trust policy, with <c>aws:SourceArn</c>/<c>aws:SourceAccount</c> of the resource the service acts for.</summary>
public static class ServiceRoleTrust
{
    /// <summary>True when <paramref name="roleArn"/> exists and trusts <paramref name="service"/>.</summary>
    public static bool Allows(LocalIam iam, string roleArn, string service, string sourceArn, string account, TimeProvider time)
    {
        if (iam.FindRoleByArn(roleArn) is not { } role)
            return false;
        var now = time.GetUtcNow();
        var principal = RequestPrincipal.Service(service);
        var request = new RequestContext { Action = "sts:AssumeRole", Resource = role.Arn, Principal = principal }
            .With(ConditionKeys.PrincipalType, principal.Type)
            .With(ConditionKeys.SourceArn, sourceArn)
            .With(ConditionKeys.SourceAccount, account)
            .With(ConditionKeys.CurrentTime, now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .With(ConditionKeys.EpochTime, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return PolicyEvaluator.Evaluate(request, [iam.TrustPolicyOf(role)]).IsAllowed;
    }

    /// <summary>The role's session as a service acts with it: not stored (it lives as long as the work, so it never
    /// expires under a long job), named <paramref name="sessionName"/>.</summary>
    public static CallerIdentity Session(LocalIam iam, string roleArn, string sessionName, string account, TimeProvider time)
    {
        var role = iam.FindRoleByArn(roleArn);
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var session = new RoleSession("", "", "", roleArn, role?.Id ?? "", roleName, sessionName, DateTimeOffset.MaxValue, null, null, [], time.GetUtcNow());
        var arn = session.Arn(account);
        return new CallerIdentity
        {
            Account = account, Arn = arn, UserId = session.UserId, Principal = RequestPrincipal.Session(account, roleArn, arn), Session = session,
        };
    }
}
