using Stepwise.Aws.Iam;
using Stepwise.Aws.Sts;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>IAM's actions (Service Authorization Reference, "Actions defined by AWS Identity and Access Management"):
/// roles as <c>arn:aws:iam::{account}:role{path}{name}</c>, policies by ARN; ListRoles, ListPolicies and
/// SimulateCustomPolicy on <c>*</c>. A denial is <c>AccessDenied</c>, HTTP 403 (query protocol). STS: GetCallerIdentity
/// needs no permission (AWS: "No permissions are required"); AssumeRole is decided by <see cref="Sts.LocalSts"/> itself
/// (trust policy, then the caller's <c>sts:AssumeRole</c>).</summary>
public static class IamAuthorization
{
    /// <summary>The role's ARN: the stored one (with its path) when the role exists, else <c>role/{name}</c>.</summary>
    private static string RoleArn(LocalIam? iam, AuthorizationScope scope, string name) =>
        iam?.FindRole(name)?.Arn ?? scope.GlobalArn("iam", $"role/{name}");

    /// <summary>The table, resolving role paths through <paramref name="iam"/>.</summary>
    public static ServiceAuthorization Table(LocalIam? iam) => ServiceAuthorization.For(IamOperations.Service, "iam", "AccessDenied", 403)
        .Add<CreateRoleRequest>("CreateRole", (i, s) => s.GlobalArn("iam", $"role{i.Path ?? "/"}{i.RoleName}"))
        .Add<GetRoleRequest>("GetRole", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<DeleteRoleRequest>("DeleteRole", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<ListRolesRequest>("ListRoles", (_, _) => "*")
        .Add<UpdateAssumeRolePolicyRequest>("UpdateAssumeRolePolicy", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<TagRoleRequest>("TagRole", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<UntagRoleRequest>("UntagRole", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<PutRolePolicyRequest>("PutRolePolicy", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<GetRolePolicyRequest>("GetRolePolicy", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<DeleteRolePolicyRequest>("DeleteRolePolicy", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<ListRolePoliciesRequest>("ListRolePolicies", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<AttachRolePolicyRequest>("AttachRolePolicy", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<DetachRolePolicyRequest>("DetachRolePolicy", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<ListAttachedRolePoliciesRequest>("ListAttachedRolePolicies", (i, s) => RoleArn(iam, s, i.RoleName))
        .Add<CreatePolicyRequest>("CreatePolicy", (i, s) => s.GlobalArn("iam", $"policy{i.Path ?? "/"}{i.PolicyName}"))
        .Add<GetPolicyRequest>("GetPolicy", (i, _) => i.PolicyArn)
        .Add<GetPolicyVersionRequest>("GetPolicyVersion", (i, _) => i.PolicyArn)
        .Add<DeletePolicyRequest>("DeletePolicy", (i, _) => i.PolicyArn)
        .Add<ListPoliciesRequest>("ListPolicies", (_, _) => "*")
        .Add<SimulateCustomPolicyRequest>("SimulateCustomPolicy", (_, _) => "*")
        .Add<SimulatePrincipalPolicyRequest>("SimulatePrincipalPolicy", (i, _) => i.PolicySourceArn)
        .Build();

    /// <summary>STS: nothing to check here (see the summary).</summary>
    public static ServiceAuthorization Sts { get; } = ServiceAuthorization.For(StsOperations.Service, "sts", "AccessDenied", 403)
        .Unchecked("GetCallerIdentity")
        .Unchecked("AssumeRole")
        .Build();
}
