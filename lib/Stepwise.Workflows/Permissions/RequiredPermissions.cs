using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Permissions;

/// <summary>What a state machine's execution role needs: each permission with the states that need it, and the
/// same grouped into policy statements.</summary>
public sealed class RequiredPermissions
{
    private readonly ImmutableArray<(Permission Permission, ImmutableArray<string> States)> _entries;

    internal RequiredPermissions(IEnumerable<(Permission Permission, ImmutableArray<string> States)> entries) => _entries = [.. entries];

    /// <summary>Every permission, in the order the definition first needs it.</summary>
    public IReadOnlyList<Permission> Permissions => [.. _entries.Select(e => e.Permission)];

    /// <summary>The states (a path such as <c>Branch/Inner</c> for nested states) that need <paramref name="permission"/>.</summary>
    public IReadOnlyList<string> StatesNeeding(Permission permission) =>
        _entries.FirstOrDefault(e => e.Permission == permission).States is { IsDefault: false } states ? states : [];

    /// <summary>
    /// The permissions as statements: actions that need exactly the same resources under the same condition share one
    /// statement, as in AWS's templates; statements in the order the definition first needs them, actions and resources
    /// sorted within each.
    /// </summary>
    public IReadOnlyList<PolicyStatement> Statements
    {
        get
        {
            var byAction = _entries.Select(e => e.Permission)
                .GroupBy(p => (p.Action, p.Condition))
                .Select(g => (g.Key.Action, g.Key.Condition, Resources: g.Select(p => p.Resource).Distinct().Order(StringComparer.Ordinal).ToImmutableArray()))
                .ToList();
            return byAction
                .GroupBy(a => (a.Condition, Resources: string.Join('\n', a.Resources)))
                .Select(g => new PolicyStatement([.. g.Select(a => a.Action).Order(StringComparer.Ordinal)], g.First().Resources, g.Key.Condition))
                .ToList();
        }
    }

    /// <summary>An IAM policy document (<c>Version</c> 2012-10-17) granting exactly these permissions.</summary>
    public JsonObject ToPolicyDocument() => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray([.. Statements.Select(s => (JsonNode)s.ToJson())]),
    };

    /// <summary>Compares a granted policy document with these permissions.</summary>
    public PolicyDiff CompareWith(JsonNode grantedPolicyDocument) => PolicyDiff.Compare(PolicyStatement.Parse(grantedPolicyDocument), this);
}
