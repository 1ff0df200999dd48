using System.Text;

namespace Stepwise.Workflows.Permissions;

/// <summary>A permission the definition needs that the policy does not grant, and why.</summary>
public sealed record MissingPermission(Permission Permission, IReadOnlyList<string> States, string Reason);

/// <summary>A granted (action, resource) pair that the definition does not need as such, and why.</summary>
public sealed record ExcessPermission(Permission Permission, string Reason);

/// <summary>
/// A granted policy compared with what a definition needs. The comparison is by action and resource pattern, pair by
/// pair: a required permission is <b>granted</b> when an Allow statement has an action pattern matching its action
/// (case-insensitive, IAM wildcards) and a resource pattern that contains its resource pattern (every ARN the required
/// pattern matches, the granted one matches too), with no condition or the same condition; and no Deny statement
/// overlaps it. A granted pair is <b>excess</b> when no required permission contains it: either nothing needs it, or
/// it is broader than what is needed (<c>sagemaker:*</c>, <c>Resource: *</c>, a missing condition). Conditions are
/// compared as whole blocks, not evaluated.
/// </summary>
public sealed class PolicyDiff
{
    private PolicyDiff(IReadOnlyList<MissingPermission> missing, IReadOnlyList<ExcessPermission> excess)
    {
        Missing = missing;
        Excess = excess;
    }

    /// <summary>Needed and not granted.</summary>
    public IReadOnlyList<MissingPermission> Missing { get; }

    /// <summary>Granted and not needed, or broader than needed.</summary>
    public IReadOnlyList<ExcessPermission> Excess { get; }

    /// <summary>Nothing missing and nothing excess: the policy grants exactly what the definition needs.</summary>
    public bool IsExact => Missing.Count == 0 && Excess.Count == 0;

    /// <summary>Compares <paramref name="granted"/> statements with <paramref name="required"/>.</summary>
    public static PolicyDiff Compare(IReadOnlyList<PolicyStatement> granted, RequiredPermissions required)
    {
        var allows = granted.Where(s => s.Effect == "Allow").SelectMany(s => s.Permissions).Distinct().ToList();
        var denies = granted.Where(s => s.Effect == "Deny").ToList();
        var needed = required.Permissions;

        var missing = new List<MissingPermission>();
        foreach (var permission in needed)
        {
            var deny = denies.FirstOrDefault(d => d.Permissions.Any(p => Overlaps(p, permission)));
            if (deny is not null)
                missing.Add(new MissingPermission(permission, required.StatesNeeding(permission), $"denied by the Deny statement{(deny.Sid is null ? "" : $" {deny.Sid}")}"));
            else if (!allows.Any(g => Contains(g, permission)))
                missing.Add(new MissingPermission(permission, required.StatesNeeding(permission), "not granted"));
        }

        var excess = new List<ExcessPermission>();
        foreach (var grant in allows)
        {
            if (needed.Any(r => Contains(r, grant)))
                continue;
            var narrower = needed.Where(r => Contains(grant, r)).ToList();
            excess.Add(new ExcessPermission(grant, narrower.Count == 0
                ? "not needed by the definition"
                : $"broader than needed: {string.Join("; ", narrower)}"));
        }
        return new PolicyDiff(missing, excess);
    }

    /// <summary>Whether <paramref name="general"/> grants everything <paramref name="specific"/> does.</summary>
    public static bool Contains(Permission general, Permission specific) =>
        IamPattern.Covers(general.Action, specific.Action, ignoreCase: true) &&
        IamPattern.Covers(general.Resource, specific.Resource) &&
        (general.Condition is null || general.Condition == specific.Condition);

    // A Deny takes effect when it could match some request the permission allows: approximated by containment either way.
    private static bool Overlaps(Permission deny, Permission allow) =>
        (IamPattern.Covers(deny.Action, allow.Action, true) || IamPattern.Covers(allow.Action, deny.Action, true)) &&
        (IamPattern.Covers(deny.Resource, allow.Resource) || IamPattern.Covers(allow.Resource, deny.Resource));

    /// <summary>One line per difference: <c>missing: …</c> (with the states that need it) and <c>excess: …</c>; <c>exact</c> when none.</summary>
    public override string ToString()
    {
        if (IsExact) return "exact: the policy grants what the definition needs and nothing more";
        var text = new StringBuilder();
        foreach (var m in Missing)
            text.Append("missing: ").Append(m.Permission).Append(" (").Append(m.Reason)
                .Append(m.States.Count > 0 ? $"; needed by {string.Join(", ", m.States)}" : "").Append(")\n");
        foreach (var e in Excess)
            text.Append("excess: ").Append(e.Permission).Append(" (").Append(e.Reason).Append(")\n");
        return text.ToString().TrimEnd('\n');
    }
}
