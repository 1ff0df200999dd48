using System.Text.Json.Nodes;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Protocol;
using Stepwise.Workflows.Permissions;

namespace Stepwise.Workbook.Iam;

/// <summary>Create-or-update of roles through the IAM port: the same calls on AWS and on the local cloud.</summary>
public static class RoleSetup
{
    /// <summary>Creates each missing role, and brings an existing one's trust policy and inline policy to
    /// <paramref name="roles"/>' documents, writing only what differs (documents compared as JSON, not as text).</summary>
    public static async Task<RoleSetupReport> EnsureAsync(IIam iam, IEnumerable<WorkbookRole> roles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(roles);
        var steps = new List<RoleSetupStep>();
        foreach (var role in roles)
            steps.Add(await EnsureAsync(iam, role, cancellationToken).ConfigureAwait(false));
        return new RoleSetupReport(steps);
    }

    /// <summary>The role's inline policy <paramref name="policyName"/> as IAM holds it, or null when the role or the
    /// policy does not exist (AWS returns the document URL-encoded; this decodes it).</summary>
    public static async Task<JsonObject?> GrantedPolicyAsync(IIam iam, string roleName, string policyName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        try
        {
            var policy = await iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = roleName, PolicyName = policyName }, cancellationToken).ConfigureAwait(false);
            return Document(policy.PolicyDocument);
        }
        catch (AwsServiceException e) when (e.ErrorCode == IamErrorCodes.NoSuchEntity)
        {
            return null;
        }
    }

    /// <summary>Deletes a role with its inline policies; <c>deleted</c>, or <c>already gone</c>.</summary>
    public static async Task<RoleSetupStep> DeleteAsync(IIam iam, string roleName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        try
        {
            var inline = await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = roleName }, cancellationToken).ConfigureAwait(false);
            foreach (var policy in inline.PolicyNames)
                await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = roleName, PolicyName = policy }, cancellationToken).ConfigureAwait(false);
            await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName }, cancellationToken).ConfigureAwait(false);
            return new RoleSetupStep(roleName, "deleted", $"with {inline.PolicyNames.Count} inline polic{(inline.PolicyNames.Count == 1 ? "y" : "ies")}");
        }
        catch (AwsServiceException e) when (e.ErrorCode == IamErrorCodes.NoSuchEntity)
        {
            return new RoleSetupStep(roleName, "already gone", "");
        }
    }

    private static async Task<RoleSetupStep> EnsureAsync(IIam iam, WorkbookRole role, CancellationToken cancellationToken)
    {
        var trust = role.TrustPolicy.ToJsonString();
        var policy = role.PolicyDocument();
        Role? existing;
        try
        {
            existing = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = role.Name }, cancellationToken).ConfigureAwait(false)).Role;
        }
        catch (AwsServiceException e) when (e.ErrorCode == IamErrorCodes.NoSuchEntity)
        {
            existing = null;
        }

        if (existing is null)
        {
            await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = role.Name, AssumeRolePolicyDocument = trust, Description = role.Purpose }, cancellationToken).ConfigureAwait(false);
            await PutAsync(iam, role, policy, cancellationToken).ConfigureAwait(false);
            return new RoleSetupStep(role.Name, "created", $"trust policy and inline policy {role.PolicyName} ({role.Statements.Count} statements)");
        }

        var written = new List<string>();
        if (!SameDocument(Document(existing.AssumeRolePolicyDocument), role.TrustPolicy))
        {
            await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = role.Name, PolicyDocument = trust }, cancellationToken).ConfigureAwait(false);
            written.Add("trust policy");
        }
        if (!SameDocument(await GrantedPolicyAsync(iam, role.Name, role.PolicyName, cancellationToken).ConfigureAwait(false), policy))
        {
            await PutAsync(iam, role, policy, cancellationToken).ConfigureAwait(false);
            written.Add($"inline policy {role.PolicyName} ({role.Statements.Count} statements)");
        }
        var others = (await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = role.Name }, cancellationToken).ConfigureAwait(false))
            .PolicyNames.Where(n => n != role.PolicyName).ToList();
        var note = others.Count == 0 ? "" : $"; also has inline {string.Join(", ", others)}, not the workbook's (left as it is: check it grants nothing more)";
        return written.Count == 0
            ? new RoleSetupStep(role.Name, "unchanged", "trust and inline policy already as the workbook's" + note)
            : new RoleSetupStep(role.Name, "updated", string.Join(" and ", written) + " written" + note);
    }

    private static Task PutAsync(IIam iam, WorkbookRole role, JsonObject policy, CancellationToken cancellationToken) =>
        iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = role.Name, PolicyName = role.PolicyName, PolicyDocument = policy.ToJsonString() }, cancellationToken);

    // IAM returns documents URL-encoded (RFC 3986) over the wire; a document that is already JSON starts with '{'.
    private static JsonObject? Document(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text.TrimStart().StartsWith('{') ? text : Uri.UnescapeDataString(text)) as JsonObject;

    // Equal as IAM reads them: key order, a single value or a one-element list, the order within a list of values do not matter.
    private static bool SameDocument(JsonObject? granted, JsonObject wanted) =>
        granted is not null && PolicyConditions.Canonical(granted) == PolicyConditions.Canonical(wanted);
}
