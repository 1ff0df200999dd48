using System.Globalization;
using System.Net;
using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

public sealed partial class LocalIam
{
    /// <summary>Simulates the given identity-based policies (and permissions boundary) for each action on each resource,
    /// with <see cref="PolicyEvaluator"/>. A ResourcePolicy is refused: the local simulator evaluates identity-based
    /// policies and boundaries only.</summary>
    public Task<SimulatePolicyResponse> SimulateCustomPolicyAsync(SimulateCustomPolicyRequest input, CancellationToken cancellationToken = default)
    {
        var policies = InputPolicies(input.PolicyInputList, input.PermissionsBoundaryPolicyInputList);
        return Task.FromResult(Simulate(policies, input.ActionNames, input.ResourceArns, input.ContextEntries, input.ResourcePolicy, input.MaxItems, input.Marker));
    }

    /// <summary>Simulates a role's policies (inline, attached, boundary) plus any given ones for each action on each
    /// resource. A given boundary replaces the role's, as in AWS.</summary>
    public Task<SimulatePolicyResponse> SimulatePrincipalPolicyAsync(SimulatePrincipalPolicyRequest input, CancellationToken cancellationToken = default)
    {
        var arn = input.PolicySourceArn;
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam")
            throw IamErrors.InvalidArn(arn);
        if (!parts[5].StartsWith("role/", StringComparison.Ordinal))
            throw IamErrors.InvalidInput($"The local cloud has roles only: {arn} names no role (users and groups are not served).");
        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        var role = FindRoleByArn(arn) ?? throw IamErrors.NoSuchRole(name);
        var extra = InputPolicies(input.PolicyInputList ?? [], input.PermissionsBoundaryPolicyInputList);
        var own = PoliciesOf(role);
        if (extra.Any(p => p.Type == PolicyType.PermissionsBoundary))
            own.RemoveAll(p => p.Type == PolicyType.PermissionsBoundary);
        return Task.FromResult(Simulate([.. own, .. extra], input.ActionNames, input.ResourceArns, input.ContextEntries, input.ResourcePolicy,
            input.MaxItems, input.Marker));
    }

    private static List<EvaluatedPolicy> InputPolicies(IReadOnlyList<string> policies, IReadOnlyList<string>? boundaries)
    {
        var list = new List<EvaluatedPolicy>();
        for (var i = 0; i < policies.Count; i++)
            list.Add(new EvaluatedPolicy($"PolicyInputList.{i + 1}", PolicyDocumentParser.Parse(policies[i])) { SourceType = PolicySourceType.None });
        if (boundaries is { Count: > 1 })
            throw IamErrors.Constraint("[…]", "permissionsBoundaryPolicyInputList", "Member must have length less than or equal to 1");
        for (var i = 0; i < (boundaries?.Count ?? 0); i++)
            list.Add(new EvaluatedPolicy($"PermissionsBoundaryPolicyInputList.{i + 1}", PolicyDocumentParser.Parse(boundaries![i]), PolicyType.PermissionsBoundary)
            {
                SourceType = PolicySourceType.None,
            });
        return list;
    }

    private static SimulatePolicyResponse Simulate(List<EvaluatedPolicy> policies, IReadOnlyList<string> actions, IReadOnlyList<string>? resources,
        IReadOnlyList<ContextEntry>? entries, string? resourcePolicy, int? maxItems, string? marker)
    {
        if (resourcePolicy is not null)
            throw IamErrors.InvalidInput("The local policy simulator evaluates identity-based policies and permissions boundaries; it does not simulate a ResourcePolicy.");
        var context = Context(entries);
        var results = new List<EvaluationResult>();
        foreach (var action in actions)
            foreach (var resource in resources is { Count: > 0 } ? resources : ["*"])
            {
                var evaluation = PolicyEvaluator.Evaluate(context with { Action = action, Resource = resource }, policies);
                results.Add(new EvaluationResult
                {
                    EvalActionName = action,
                    EvalResourceName = resource,
                    EvalDecision = evaluation.Decision switch
                    {
                        PolicyDecision.Allow => PolicyEvaluationDecisionType.Allowed,
                        PolicyDecision.ExplicitDeny => PolicyEvaluationDecisionType.ExplicitDeny,
                        _ => PolicyEvaluationDecisionType.ImplicitDeny,
                    },
                    MatchedStatements = [.. evaluation.MatchedStatements.Select(m => new Statement
                    {
                        SourcePolicyId = m.Policy.Id,
                        SourcePolicyType = m.Policy.SourceType,
                        StartPosition = new Position { Line = m.Statement.Start.Line, Column = m.Statement.Start.Column },
                        EndPosition = new Position { Line = m.Statement.End.Line, Column = m.Statement.End.Column },
                    })],
                    MissingContextValues = [.. evaluation.MissingContextKeys],
                    PermissionsBoundaryDecisionDetail = evaluation.AllowedByPermissionsBoundary is { } allowed
                        ? new PermissionsBoundaryDecisionDetail { AllowedByPermissionsBoundary = allowed }
                        : null,
                });
            }
        var size = PageSize(maxItems);
        var start = 0;
        if (marker is not null && (!int.TryParse(DecodeMarker(marker), NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > results.Count))
            throw IamErrors.InvalidInput("Invalid Marker."); // local wording
        var page = results.Skip(start).Take(size).ToList();
        var truncated = start + size < results.Count;
        return new SimulatePolicyResponse
        {
            EvaluationResults = page,
            IsTruncated = truncated,
            Marker = truncated ? EncodeMarker((start + size).ToString(CultureInfo.InvariantCulture)) : null,
        };
    }

    /// <summary>The simulation's request context from its ContextEntries, each value checked against its ContextKeyType.</summary>
    private static RequestContext Context(IReadOnlyList<ContextEntry>? entries)
    {
        var context = new RequestContext { Action = "*" };
        foreach (var entry in entries ?? [])
        {
            if (entry.ContextKeyName is not { Length: >= 5 and <= 256 } key)
                throw IamErrors.Constraint(entry.ContextKeyName, "contextEntries.member.contextKeyName", "Member must have length greater than or equal to 5");
            var type = entry.ContextKeyType ?? ContextKeyTypeEnum.String;
            if (!ContextKeyTypeEnum.Values.Contains(type))
                throw IamErrors.Constraint(type, "contextEntries.member.contextKeyType",
                    $"Member must satisfy enum value set: [{string.Join(", ", ContextKeyTypeEnum.Values)}]");
            var values = entry.ContextKeyValues ?? [];
            if (!type.EndsWith("List", StringComparison.Ordinal) && values.Count > 1)
                throw IamErrors.InvalidInput($"Context key {key} is of type {type} and takes one value; use {type}List for several.");
            foreach (var value in values)
                if (!Fits(value, type.Replace("List", "", StringComparison.Ordinal)))
                    throw IamErrors.InvalidInput($"Context key {key} value '{value}' is not a valid {type} value.");
            context = context.With(key, [.. values]);
        }
        return context;
    }

    private static bool Fits(string value, string type) => type switch
    {
        ContextKeyTypeEnum.Numeric => ConditionValueParser.Number(value) is not null,
        ContextKeyTypeEnum.Boolean => ConditionValueParser.Bool(value) is not null,
        ContextKeyTypeEnum.Date => ConditionValueParser.Date(value) is not null,
        ContextKeyTypeEnum.Ip => IPAddress.TryParse(value, out _),
        ContextKeyTypeEnum.Binary => value.Length % 4 == 0,
        _ => true,
    };
}
