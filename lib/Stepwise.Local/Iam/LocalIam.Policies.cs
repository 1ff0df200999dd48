using Microsoft.Data.Sqlite;
using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

public sealed partial class LocalIam
{
    /// <summary>A customer managed policy as stored.</summary>
    internal sealed record StoredPolicy(string Arn, string Name, string Path, string Id, long Created, long Updated,
        string? Description, string DefaultVersion, List<Tag> Tags);

    private const string PolicyColumns = "arn, name, path, id, created, updated, description, default_version, tags";

    private static StoredPolicy ReadPolicy(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.GetInt64(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), ReadTags(r.GetString(8)));

    /// <summary>A managed policy of either kind, with its default version's document.</summary>
    internal sealed record ManagedPolicy(Policy Policy, string Document, bool IsAwsManaged);

    // ---- inline policies ----

    /// <inheritdoc/>
    public Task<PutRolePolicyOutput> PutRolePolicyAsync(PutRolePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        ValidateName(input.PolicyName, "policyName", 128);
        Check(input.PolicyDocument, PolicyKind.Identity);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            var others = Query("SELECT document FROM role_policies WHERE role = $0 AND name <> $1", r => r.GetString(0), role.Name, input.PolicyName);
            if (others.Sum(PolicySize) + PolicySize(input.PolicyDocument) > MaxInlinePolicySize)
                throw IamErrors.LimitExceeded($"Maximum policy size of {MaxInlinePolicySize} bytes exceeded for role {role.Name}");
            Execute("INSERT INTO role_policies (role, name, document) VALUES ($0, $1, $2) ON CONFLICT (role, name) DO UPDATE SET document = excluded.document",
                role.Name, input.PolicyName, input.PolicyDocument);
        }
        return Task.FromResult(new PutRolePolicyOutput());
    }

    /// <inheritdoc/>
    public Task<GetRolePolicyResponse> GetRolePolicyAsync(GetRolePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        ValidateName(input.PolicyName, "policyName", 128);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            var found = Query("SELECT name, document FROM role_policies WHERE role = $0 AND name = $1", r => (r.GetString(0), r.GetString(1)), role.Name, input.PolicyName);
            if (found.Count == 0)
                throw IamErrors.NoSuchRolePolicy(role.Name, input.PolicyName);
            return Task.FromResult(new GetRolePolicyResponse { RoleName = role.Name, PolicyName = found[0].Item1, PolicyDocument = UrlEncode(found[0].Item2) });
        }
    }

    /// <inheritdoc/>
    public Task<DeleteRolePolicyOutput> DeleteRolePolicyAsync(DeleteRolePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        ValidateName(input.PolicyName, "policyName", 128);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            if (Execute("DELETE FROM role_policies WHERE role = $0 AND name = $1", role.Name, input.PolicyName) == 0)
                throw IamErrors.NoSuchRolePolicy(role.Name, input.PolicyName);
        }
        return Task.FromResult(new DeleteRolePolicyOutput());
    }

    /// <inheritdoc/>
    public Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        List<string> names;
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            names = Query("SELECT name FROM role_policies WHERE role = $0 ORDER BY name COLLATE NOCASE", r => r.GetString(0), role.Name);
        }
        var (page, truncated, marker) = Page(names, n => n, input.Marker, input.MaxItems);
        return Task.FromResult(new ListRolePoliciesResponse { PolicyNames = page, IsTruncated = truncated, Marker = marker });
    }

    // ---- managed policies ----

    /// <summary><c>arn:aws:iam::{account}:policy{path}{name}</c>.</summary>
    public string PolicyArn(string path, string name) => $"arn:aws:iam::{AccountId}:policy{path}{name}";

    /// <inheritdoc/>
    public Task<CreatePolicyResponse> CreatePolicyAsync(CreatePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.PolicyName, "policyName", 128);
        var path = ValidatePath(input.Path, "path");
        ValidateDescription(input.Description);
        ValidateTags(input.Tags);
        if (PolicySize(input.PolicyDocument) > MaxManagedPolicySize)
            throw IamErrors.LimitExceeded($"Cannot exceed quota for PolicySize: {MaxManagedPolicySize}");
        Check(input.PolicyDocument, PolicyKind.Identity);
        var now = Now();
        var stored = new StoredPolicy(PolicyArn(path, input.PolicyName), input.PolicyName, path, IamIds.New("ANPA"), now, now,
            input.Description, "v1", [.. input.Tags ?? []]);
        lock (_gate)
        {
            if (Query("SELECT 1 FROM policies WHERE name = $0", _ => 1, input.PolicyName).Count > 0)
                throw IamErrors.PolicyExists(input.PolicyName);
            InTransaction(() =>
            {
                Execute($"INSERT INTO policies ({PolicyColumns}) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)", stored.Arn, stored.Name,
                    stored.Path, stored.Id, now, now, stored.Description, stored.DefaultVersion, TagsJson(stored.Tags));
                Execute("INSERT INTO policy_versions (arn, version, document, created) VALUES ($0, 'v1', $1, $2)", stored.Arn, input.PolicyDocument, now);
            });
        }
        return Task.FromResult(new CreatePolicyResponse { Policy = ToPolicy(stored, 0, 0) with { Description = null } });
    }

    /// <inheritdoc/>
    public Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest input, CancellationToken cancellationToken = default)
    {
        var policy = FindManagedPolicy(RequirePolicyArn(input.PolicyArn)) ?? throw IamErrors.PolicyNotFound(input.PolicyArn);
        return Task.FromResult(new GetPolicyResponse { Policy = policy.Policy });
    }

    /// <inheritdoc/>
    public Task<GetPolicyVersionResponse> GetPolicyVersionAsync(GetPolicyVersionRequest input, CancellationToken cancellationToken = default)
    {
        var arn = RequirePolicyArn(input.PolicyArn);
        if (AwsManagedPolicies.Find(arn) is { } aws)
        {
            if (input.VersionId != aws.DefaultVersionId)
                throw IamErrors.NoSuchPolicyVersion(arn, input.VersionId);
            return Task.FromResult(new GetPolicyVersionResponse
            {
                PolicyVersion = new PolicyVersion { Document = UrlEncode(aws.Document.Text), VersionId = aws.DefaultVersionId, IsDefaultVersion = true, CreateDate = aws.UpdateDate },
            });
        }
        lock (_gate)
        {
            var policy = Query($"SELECT {PolicyColumns} FROM policies WHERE arn = $0", ReadPolicy, arn).FirstOrDefault() ?? throw IamErrors.PolicyNotFound(arn);
            var version = Query("SELECT document, created FROM policy_versions WHERE arn = $0 AND version = $1", r => (r.GetString(0), r.GetInt64(1)), arn, input.VersionId);
            if (version.Count == 0)
                throw IamErrors.NoSuchPolicyVersion(arn, input.VersionId);
            return Task.FromResult(new GetPolicyVersionResponse
            {
                PolicyVersion = new PolicyVersion
                {
                    Document = UrlEncode(version[0].Item1), VersionId = input.VersionId, IsDefaultVersion = input.VersionId == policy.DefaultVersion,
                    CreateDate = Time(version[0].Item2),
                },
            });
        }
    }

    /// <inheritdoc/>
    public Task<DeletePolicyOutput> DeletePolicyAsync(DeletePolicyRequest input, CancellationToken cancellationToken = default)
    {
        var arn = RequirePolicyArn(input.PolicyArn);
        if (AwsManagedPolicies.Find(arn) is not null)
            throw IamErrors.AwsPolicyUnmodifiable(arn);
        lock (_gate)
        {
            if (Query("SELECT 1 FROM policies WHERE arn = $0", _ => 1, arn).Count == 0)
                throw IamErrors.PolicyNotFound(arn);
            if (AttachmentCount(arn) > 0 || BoundaryUsageCount(arn) > 0)
                throw IamErrors.PolicyAttached();
            Execute("DELETE FROM policies WHERE arn = $0", arn);
        }
        return Task.FromResult(new DeletePolicyOutput());
    }

    /// <summary>AWS managed (Scope AWS), customer managed (Local) or both (All), by name, a page at a time.</summary>
    public Task<ListPoliciesResponse> ListPoliciesAsync(ListPoliciesRequest input, CancellationToken cancellationToken = default)
    {
        var scope = input.Scope ?? PolicyScopeType.All;
        if (!PolicyScopeType.Values.Contains(scope))
            throw IamErrors.Constraint(scope, "scope", $"Member must satisfy enum value set: [{string.Join(", ", PolicyScopeType.Values)}]");
        if (input.PolicyUsageFilter is { } usage && !PolicyUsageType.Values.Contains(usage))
            throw IamErrors.Constraint(usage, "policyUsageFilter", $"Member must satisfy enum value set: [{string.Join(", ", PolicyUsageType.Values)}]");
        var prefix = ValidatePathPrefix(input.PathPrefix);
        var policies = new List<Policy>();
        lock (_gate)
        {
            if (scope != PolicyScopeType.Local)
                policies.AddRange(AwsManagedPolicies.All.Select(p => AwsPolicy(p) with { Description = null })); // ListPolicies omits descriptions
            if (scope != PolicyScopeType.Aws)
                policies.AddRange(Query($"SELECT {PolicyColumns} FROM policies", ReadPolicy).Select(p => ToPolicy(p, AttachmentCount(p.Arn), BoundaryUsageCount(p.Arn)) with { Description = null, Tags = null }));
        }
        var selected = policies
            .Where(p => p.Path!.StartsWith(prefix, StringComparison.Ordinal))
            .Where(p => input.OnlyAttached != true || p.AttachmentCount > 0 || p.PermissionsBoundaryUsageCount > 0)
            .Where(p => input.PolicyUsageFilter switch
            {
                PolicyUsageType.PermissionsPolicy => p.AttachmentCount > 0,
                PolicyUsageType.PermissionsBoundary => p.PermissionsBoundaryUsageCount > 0,
                _ => true,
            })
            .OrderBy(p => p.PolicyName, StringComparer.OrdinalIgnoreCase);
        var (page, truncated, marker) = Page(selected, p => p.PolicyName!, input.Marker, input.MaxItems);
        return Task.FromResult(new ListPoliciesResponse { Policies = page, IsTruncated = truncated, Marker = marker });
    }

    // ---- attachments ----

    /// <inheritdoc/>
    public Task<AttachRolePolicyOutput> AttachRolePolicyAsync(AttachRolePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        var arn = RequirePolicyArn(input.PolicyArn);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            if (FindManagedPolicy(arn) is null)
                throw IamErrors.NoSuchPolicy(arn);
            var attached = Query("SELECT arn FROM attachments WHERE role = $0", r => r.GetString(0), role.Name);
            if (attached.Contains(arn))
                return Task.FromResult(new AttachRolePolicyOutput());
            if (attached.Count >= MaxAttachedPolicies)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerRole: {MaxAttachedPolicies}");
            Execute("INSERT INTO attachments (role, arn) VALUES ($0, $1)", role.Name, arn);
        }
        return Task.FromResult(new AttachRolePolicyOutput());
    }

    /// <inheritdoc/>
    public Task<DetachRolePolicyOutput> DetachRolePolicyAsync(DetachRolePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        var arn = RequirePolicyArn(input.PolicyArn);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            if (Execute("DELETE FROM attachments WHERE role = $0 AND arn = $1", role.Name, arn) == 0)
                throw IamErrors.PolicyNotFound(arn);
        }
        return Task.FromResult(new DetachRolePolicyOutput());
    }

    /// <inheritdoc/>
    public Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        var prefix = ValidatePathPrefix(input.PathPrefix);
        List<Policy> attached;
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            attached = [.. AttachedArns(role.Name).Select(FindManagedPolicy).OfType<ManagedPolicy>().Select(p => p.Policy)];
        }
        var (page, truncated, marker) = Page(
            attached.Where(p => p.Path!.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(p => p.PolicyName, StringComparer.OrdinalIgnoreCase),
            p => p.PolicyName!, input.Marker, input.MaxItems);
        return Task.FromResult(new ListAttachedRolePoliciesResponse
        {
            AttachedPolicies = [.. page.Select(p => new AttachedPolicy { PolicyName = p.PolicyName, PolicyArn = p.Arn })],
            IsTruncated = truncated,
            Marker = marker,
        });
    }

    // ---- the policies of a role, for evaluation ----

    /// <summary>The policies that decide what a session of <paramref name="role"/> may do: its inline policies, its
    /// attached managed policies and its permissions boundary.</summary>
    internal List<EvaluatedPolicy> PoliciesOf(StoredRole role)
    {
        var policies = new List<EvaluatedPolicy>();
        lock (_gate)
        {
            foreach (var (name, document) in Query("SELECT name, document FROM role_policies WHERE role = $0 ORDER BY name", r => (r.GetString(0), r.GetString(1)), role.Name))
                policies.Add(new EvaluatedPolicy(name, Parsed(document)) { SourceType = PolicySourceType.Role });
            foreach (var arn in AttachedArns(role.Name))
                if (FindManagedPolicy(arn) is { } managed)
                    policies.Add(new EvaluatedPolicy(managed.Policy.PolicyName!, Parsed(managed.Document))
                    {
                        SourceType = managed.IsAwsManaged ? PolicySourceType.AwsManaged : PolicySourceType.UserManaged,
                        Arn = arn,
                    });
            if (role.Boundary is { } boundary && FindManagedPolicy(boundary) is { } limit)
                policies.Add(new EvaluatedPolicy(limit.Policy.PolicyName!, Parsed(limit.Document), PolicyType.PermissionsBoundary)
                {
                    SourceType = limit.IsAwsManaged ? PolicySourceType.AwsManaged : PolicySourceType.UserManaged,
                    Arn = boundary,
                });
        }
        return policies;
    }

    /// <summary>The role's trust policy, as the resource-based policy of <c>sts:AssumeRole</c>.</summary>
    internal EvaluatedPolicy TrustPolicyOf(StoredRole role) =>
        new(role.Name, Parsed(role.Trust, PolicyKind.Trust), PolicyType.Resource) { SourceType = PolicySourceType.Resource };

    private List<string> AttachedArns(string role) => Query("SELECT arn FROM attachments WHERE role = $0 ORDER BY arn", r => r.GetString(0), role);

    private int AttachmentCount(string arn) => Query("SELECT COUNT(*) FROM attachments WHERE arn = $0", r => r.GetInt32(0), arn)[0];

    private int BoundaryUsageCount(string arn) => Query("SELECT COUNT(*) FROM roles WHERE boundary = $0", r => r.GetInt32(0), arn)[0];

    /// <summary>A managed policy (AWS's or the account's) by ARN, with its default version's document; null when there is none.</summary>
    internal ManagedPolicy? FindManagedPolicy(string arn)
    {
        if (AwsManagedPolicies.Find(arn) is { } aws)
            return new ManagedPolicy(AwsPolicy(aws), aws.Document.Text, true);
        lock (_gate)
        {
            var stored = Query($"SELECT {PolicyColumns} FROM policies WHERE arn = $0", ReadPolicy, arn).FirstOrDefault();
            if (stored is null)
                return null;
            var document = Query("SELECT document FROM policy_versions WHERE arn = $0 AND version = $1", r => r.GetString(0), arn, stored.DefaultVersion)[0];
            return new ManagedPolicy(ToPolicy(stored, AttachmentCount(arn), BoundaryUsageCount(arn)), document, false);
        }
    }

    private Policy AwsPolicy(AwsManagedPolicy policy)
    {
        lock (_gate)
            return new Policy
            {
                PolicyName = policy.PolicyName, PolicyId = policy.PolicyId, Arn = policy.Arn, Path = policy.Path,
                DefaultVersionId = policy.DefaultVersionId, AttachmentCount = AttachmentCount(policy.Arn),
                PermissionsBoundaryUsageCount = BoundaryUsageCount(policy.Arn), IsAttachable = true, Description = policy.Description,
                CreateDate = policy.CreateDate, UpdateDate = policy.UpdateDate,
            };
    }

    private static Policy ToPolicy(StoredPolicy policy, int attachments, int boundaries) => new()
    {
        PolicyName = policy.Name, PolicyId = policy.Id, Arn = policy.Arn, Path = policy.Path, DefaultVersionId = policy.DefaultVersion,
        AttachmentCount = attachments, PermissionsBoundaryUsageCount = boundaries, IsAttachable = true, Description = policy.Description,
        CreateDate = Time(policy.Created), UpdateDate = Time(policy.Updated), Tags = policy.Tags.Count > 0 ? policy.Tags : null,
    };

    private void RequireBoundary(string arn)
    {
        RequirePolicyArn(arn);
        if (FindManagedPolicy(arn) is null)
            throw IamErrors.NoSuchBoundary(arn);
    }

    /// <summary>A policy ARN: <c>arn:aws:iam::{account|aws}:policy/…</c>.</summary>
    private static string RequirePolicyArn(string arn)
    {
        if (arn is not { Length: >= 20 and <= 2048 })
            throw IamErrors.Constraint(arn, "policyArn", arn?.Length > 2048 ? "Member must have length less than or equal to 2048" : "Member must have length greater than or equal to 20");
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3].Length != 0 || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
            throw IamErrors.InvalidArn(arn);
        return arn;
    }
}
