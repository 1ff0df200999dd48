using System.Globalization;
using Microsoft.Data.Sqlite;
using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

public sealed partial class LocalIam
{
    /// <summary>A role as stored.</summary>
    internal sealed record StoredRole(string Name, string Path, string Id, long Created, string Trust, string? Description,
        int MaxSessionDuration, string? Boundary, List<Tag> Tags, string Arn);

    private const string RoleColumns = "name, path, id, created, trust, description, max_session, boundary, tags";

    private StoredRole ReadRole(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), ReadTags(r.GetString(8)), RoleArn(r.GetString(1), r.GetString(0)));

    /// <summary><c>arn:aws:iam::{account}:role{path}{name}</c>.</summary>
    public string RoleArn(string path, string name) => $"arn:aws:iam::{AccountId}:role{path}{name}";

    /// <summary>The role named <paramref name="name"/> (case-insensitive, as IAM names are), or null.</summary>
    internal StoredRole? FindRole(string name)
    {
        lock (_gate)
            return Query($"SELECT {RoleColumns} FROM roles WHERE name = $0", ReadRole, name).FirstOrDefault();
    }

    /// <summary>The role whose ARN is <paramref name="arn"/>, or null.</summary>
    internal StoredRole? FindRoleByArn(string arn)
    {
        var prefix = $"arn:aws:iam::{AccountId}:role/";
        if (!arn.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        return FindRole(name) is { } role && role.Arn == arn ? role : null;
    }

    private StoredRole RequireRole(string name) => FindRole(name) ?? throw IamErrors.NoSuchRole(name);

    private Role ToRole(StoredRole role, bool full) => new()
    {
        Path = role.Path,
        RoleName = role.Name,
        RoleId = role.Id,
        Arn = role.Arn,
        CreateDate = Time(role.Created),
        AssumeRolePolicyDocument = UrlEncode(role.Trust),
        Description = role.Description,
        MaxSessionDuration = role.MaxSessionDuration,
        PermissionsBoundary = full && role.Boundary is not null
            ? new AttachedPermissionsBoundary { PermissionsBoundaryType = PermissionsBoundaryAttachmentType.PermissionsBoundaryPolicy, PermissionsBoundaryArn = role.Boundary }
            : null,
        Tags = full && role.Tags.Count > 0 ? role.Tags : null,
        RoleLastUsed = full ? new RoleLastUsed() : null,
    };

    /// <inheritdoc/>
    public Task<CreateRoleResponse> CreateRoleAsync(CreateRoleRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        var path = ValidatePath(input.Path, "path");
        ValidateDescription(input.Description);
        ValidateTags(input.Tags);
        var maxSession = input.MaxSessionDuration ?? 3600;
        if (maxSession is < 3600 or > 43200)
            throw IamErrors.Constraint(maxSession.ToString(CultureInfo.InvariantCulture), "maxSessionDuration",
                maxSession < 3600 ? "Member must have value greater than or equal to 3600" : "Member must have value less than or equal to 43200");
        CheckTrust(input.AssumeRolePolicyDocument);
        if (input.PermissionsBoundary is { } boundary)
            RequireBoundary(boundary);
        var id = IamIds.New("AROA");
        var created = Now();
        lock (_gate)
        {
            if (Query("SELECT 1 FROM roles WHERE name = $0", _ => 1, input.RoleName).Count > 0)
                throw IamErrors.RoleExists(input.RoleName);
            Execute($"INSERT INTO roles ({RoleColumns}) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)",
                input.RoleName, path, id, created, input.AssumeRolePolicyDocument, input.Description, maxSession, input.PermissionsBoundary,
                TagsJson(input.Tags ?? []));
        }
        var role = new StoredRole(input.RoleName, path, id, created, input.AssumeRolePolicyDocument, input.Description, maxSession,
            input.PermissionsBoundary, [.. input.Tags ?? []], RoleArn(path, input.RoleName));
        return Task.FromResult(new CreateRoleResponse { Role = ToRole(role, full: true) with { RoleLastUsed = null } });
    }

    /// <inheritdoc/>
    public Task<GetRoleResponse> GetRoleAsync(GetRoleRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        return Task.FromResult(new GetRoleResponse { Role = ToRole(RequireRole(input.RoleName), full: true) });
    }

    /// <inheritdoc/>
    public Task<DeleteRoleOutput> DeleteRoleAsync(DeleteRoleRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            if (Query("SELECT 1 FROM role_policies WHERE role = $0", _ => 1, role.Name).Count > 0)
                throw IamErrors.RoleHasPolicies();
            if (Query("SELECT 1 FROM attachments WHERE role = $0", _ => 1, role.Name).Count > 0)
                throw IamErrors.RoleHasAttachedPolicies();
            Execute("DELETE FROM roles WHERE name = $0", role.Name);
        }
        return Task.FromResult(new DeleteRoleOutput());
    }

    /// <summary>Roles by name (as AWS lists them), under <c>PathPrefix</c>, a page at a time.</summary>
    public Task<ListRolesResponse> ListRolesAsync(ListRolesRequest input, CancellationToken cancellationToken = default)
    {
        var prefix = ValidatePathPrefix(input.PathPrefix);
        List<StoredRole> roles;
        lock (_gate)
            roles = Query($"SELECT {RoleColumns} FROM roles ORDER BY name COLLATE NOCASE", ReadRole);
        var (page, truncated, marker) = Page(roles.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)), r => r.Name, input.Marker, input.MaxItems);
        return Task.FromResult(new ListRolesResponse { Roles = [.. page.Select(r => ToRole(r, full: false))], IsTruncated = truncated, Marker = marker });
    }

    /// <inheritdoc/>
    public Task<UpdateAssumeRolePolicyOutput> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        CheckTrust(input.PolicyDocument);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            Execute("UPDATE roles SET trust = $1 WHERE name = $0", role.Name, input.PolicyDocument);
        }
        return Task.FromResult(new UpdateAssumeRolePolicyOutput());
    }

    /// <summary>Adds or overwrites tags (keys compared ignoring case, as IAM does); at most 50 per role.</summary>
    public Task<TagRoleOutput> TagRoleAsync(TagRoleRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        ValidateTags(input.Tags);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            var tags = role.Tags;
            foreach (var tag in input.Tags)
            {
                var at = tags.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
                if (at >= 0)
                    tags[at] = tag;
                else
                    tags.Add(tag);
            }
            if (tags.Count > 50)
                throw IamErrors.LimitExceeded("The number of tags has reached the maximum limit.");
            Execute("UPDATE roles SET tags = $1 WHERE name = $0", role.Name, TagsJson(tags));
        }
        return Task.FromResult(new TagRoleOutput());
    }

    /// <inheritdoc/>
    public Task<UntagRoleOutput> UntagRoleAsync(UntagRoleRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.RoleName, "roleName", 64);
        lock (_gate)
        {
            var role = RequireRole(input.RoleName);
            role.Tags.RemoveAll(t => input.TagKeys.Contains(t.Key, StringComparer.OrdinalIgnoreCase));
            Execute("UPDATE roles SET tags = $1 WHERE name = $0", role.Name, TagsJson(role.Tags));
        }
        return Task.FromResult(new UntagRoleOutput());
    }

    private void CheckTrust(string document)
    {
        if (PolicySize(document) > MaxTrustPolicySize)
            throw IamErrors.LimitExceeded($"Cannot exceed quota for ACLSizePerRole: {MaxTrustPolicySize}");
        var trust = Check(document, PolicyKind.Trust);
        // IAM resolves the roles a trust policy names when it is put: a role of this account that does not exist is refused.
        var roles = $"arn:aws:iam::{AccountId}:role/";
        foreach (var statement in trust.Statements)
            if (statement.Principal?.Identifiers.GetValueOrDefault("AWS") is { IsDefault: false } values)
                foreach (var value in values)
                    if (value.StartsWith(roles, StringComparison.Ordinal) && FindRoleByArn(value) is null)
                        throw IamErrors.InvalidPrincipal("AWS", value);
    }

    private static string ValidatePathPrefix(string? prefix)
    {
        prefix ??= "/";
        if (!prefix.StartsWith('/') || prefix.Length > 512 || prefix.Any(c => c is < '\u0021' or > '\u007F'))
            throw IamErrors.Constraint(prefix, "pathPrefix", @"Member must satisfy regular expression pattern: \u002F[\u0021-\u007F]*");
        return prefix;
    }
}
