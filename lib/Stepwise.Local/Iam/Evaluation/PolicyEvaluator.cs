using System.Collections.Immutable;
using System.Net;

namespace Stepwise.Local.Iam;

/// <summary>
/// IAM's evaluation logic for a request in one account, as a pure function: an explicit Deny in any policy wins; else
/// the request is allowed when an identity-based (or resource-based) policy allows it and, where present, every
/// permissions boundary and session policy allows it too; else it is implicitly denied.
/// A statement applies when its Action/NotAction matches the action (ignoring case, <c>*</c>/<c>?</c>), its
/// Resource/NotResource matches the resource ARN (case-sensitive, per segment, policy variables substituted), its
/// Principal/NotPrincipal matches the principal (resource-based policies), and every condition holds: operator–key
/// pairs AND'd, a key's values OR'd (NOR'd for negated operators), a missing key false (true for negated operators,
/// <c>…IfExists</c> and <c>ForAllValues:</c>).
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Decides <paramref name="request"/> against <paramref name="policies"/>.</summary>
    public static PolicyEvaluation Evaluate(RequestContext request, IEnumerable<EvaluatedPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(request);
        var denies = ImmutableArray.CreateBuilder<MatchedStatement>();
        var grants = ImmutableArray.CreateBuilder<MatchedStatement>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        bool hasBoundary = false, boundaryAllows = false, hasSession = false, sessionAllows = false;
        foreach (var policy in policies)
        {
            hasBoundary |= policy.Type == PolicyType.PermissionsBoundary;
            hasSession |= policy.Type == PolicyType.Session;
            foreach (var statement in policy.Document.Statements)
            {
                if (!Applies(statement, request, missing))
                    continue;
                if (statement.Effect == PolicyEffect.Deny)
                {
                    denies.Add(new MatchedStatement(policy, statement));
                    continue;
                }
                switch (policy.Type)
                {
                    case PolicyType.PermissionsBoundary:
                        boundaryAllows = true;
                        break;
                    case PolicyType.Session:
                        sessionAllows = true;
                        break;
                    default:
                        grants.Add(new MatchedStatement(policy, statement));
                        break;
                }
            }
        }
        bool? boundary = hasBoundary ? boundaryAllows : null;
        var missingKeys = missing.ToImmutableArray();
        if (denies.Count > 0)
            return new PolicyEvaluation(PolicyDecision.ExplicitDeny, denies.ToImmutable(), missingKeys, boundary);
        if (grants.Count > 0 && (!hasBoundary || boundaryAllows) && (!hasSession || sessionAllows))
            return new PolicyEvaluation(PolicyDecision.Allow, grants.ToImmutable(), missingKeys, boundary);
        return new PolicyEvaluation(PolicyDecision.ImplicitDeny, [], missingKeys, boundary);
    }

    /// <summary>Whether <paramref name="statement"/> applies to <paramref name="request"/>; adds the condition keys it
    /// tests that the request lacks to <paramref name="missing"/> when its action and resource match.</summary>
    public static bool Applies(PolicyStatement statement, RequestContext request, ISet<string>? missing = null)
    {
        if (!MatchesAction(statement, request.Action) || !MatchesResource(statement, request))
            return false;
        if (statement.Principal is { } principal && MatchesPrincipal(principal, request.Principal) == statement.IsNotPrincipal)
            return false;
        var holds = true;
        foreach (var condition in statement.Conditions)
        {
            if (missing is not null && !request.Keys.ContainsKey(condition.Key))
                missing.Add(condition.Key);
            holds &= Holds(condition, request);
        }
        return holds;
    }

    private static bool MatchesAction(PolicyStatement statement, string action)
    {
        var any = false;
        foreach (var pattern in statement.Actions)
            if (Glob.IsMatch(pattern, action, ignoreCase: true))
            {
                any = true;
                break;
            }
        return any != statement.IsNotAction;
    }

    private static bool MatchesResource(PolicyStatement statement, RequestContext request)
    {
        if (statement.Resources.IsEmpty)
            return true; // a trust policy names no resource: the role it is attached to is the resource
        var any = false;
        foreach (var pattern in statement.Resources)
            if (ArnMatcher.IsMatch(pattern, request.Resource, request.Variable))
            {
                any = true;
                break;
            }
        return any != statement.IsNotResource;
    }

    /// <summary>Whether a Principal element names <paramref name="principal"/>: <c>*</c>; its account (id or root ARN);
    /// its role's or session's ARN; its service name.</summary>
    public static bool MatchesPrincipal(PolicyPrincipal element, RequestPrincipal? principal)
    {
        if (element.IsEveryone)
            return true;
        if (principal is null)
            return false;
        foreach (var (type, values) in element.Identifiers)
            foreach (var value in values)
            {
                var match = type switch
                {
                    "AWS" => value == "*" || (principal.Account is { } account && principal.ServiceName is null
                                              && (value == account || value == $"arn:aws:iam::{account}:root"))
                             || value == principal.Arn || (principal.SessionArn is not null && value == principal.SessionArn),
                    "Service" => principal.ServiceName is { } service && string.Equals(value, service, StringComparison.OrdinalIgnoreCase),
                    _ => false,
                };
                if (match)
                    return true;
            }
        return false;
    }

    /// <summary>Whether a Principal element names <paramref name="principal"/> by its own ARN (not just its account):
    /// in one account such a grant suffices, while an account grant also needs the principal's own policies to allow.</summary>
    public static bool NamesPrincipalSpecifically(PolicyPrincipal element, RequestPrincipal principal) =>
        element.IsEveryone
        || element.Identifiers.TryGetValue("AWS", out var aws) && aws.Any(v => v == "*" || v == principal.Arn || v == principal.SessionArn)
        || element.Identifiers.TryGetValue("Service", out var services) && principal.ServiceName is { } name
           && services.Any(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether one operator–key pair holds for the request.</summary>
    public static bool Holds(PolicyCondition condition, RequestContext request)
    {
        var op = condition.Operator;
        var values = request.Values(condition.Key);
        if (op.Family == ConditionFamily.Null)
        {
            var absent = values.IsEmpty;
            return condition.Values.Any(v => ConditionValueParser.Bool(v) is { } wanted && wanted == absent);
        }
        if (values.IsEmpty)
            return op.IfExists || op.Set == ConditionSet.ForAllValues || (op.Set == ConditionSet.None && op.Negated);

        bool Satisfies(string value)
        {
            var any = false;
            foreach (var expected in condition.Values)
                if (Compare(op, expected, value, request))
                {
                    any = true;
                    break;
                }
            return any != op.Negated;
        }

        return op.Set switch
        {
            ConditionSet.ForAllValues => values.All(Satisfies),
            ConditionSet.ForAnyValue => values.Any(Satisfies),
            // Unqualified on a multivalued key: a positive operator needs one matching value, a negated one needs all.
            _ => op.Negated ? values.All(Satisfies) : values.Any(Satisfies),
        };
    }

    /// <summary>The operator's comparison of one policy value with one request value (negation applied by the caller).</summary>
    private static bool Compare(ConditionOperator op, string expected, string actual, RequestContext request)
    {
        switch (op.Family)
        {
            case ConditionFamily.String:
                var glob = Glob.Compile(expected, request.Variable, wildcards: op.Comparison == ConditionComparison.Like);
                return glob is { } g && g.IsMatch(actual, ignoreCase: op.Comparison == ConditionComparison.EqualsIgnoreCase);
            case ConditionFamily.Arn:
                return ArnMatcher.IsMatch(expected, actual, request.Variable);
            case ConditionFamily.Numeric:
                return ConditionValueParser.Number(expected) is { } e && ConditionValueParser.Number(actual) is { } a && Order(op.Comparison, a.CompareTo(e));
            case ConditionFamily.Date:
                return ConditionValueParser.Date(expected) is { } ed && ConditionValueParser.Date(actual) is { } ad && Order(op.Comparison, ad.CompareTo(ed));
            case ConditionFamily.Bool:
                return ConditionValueParser.Bool(expected) is { } eb && ConditionValueParser.Bool(actual) is { } ab && eb == ab;
            case ConditionFamily.Binary:
                return Base64(expected) is { } eBytes && Base64(actual) is { } aBytes && eBytes.AsSpan().SequenceEqual(aBytes);
            case ConditionFamily.Ip:
                return Network(expected) is { } network && IPAddress.TryParse(actual, out var address) && network.Contains(address);
            default:
                return false;
        }
    }

    private static bool Order(ConditionComparison comparison, int order) => comparison switch
    {
        ConditionComparison.Equals => order == 0,
        ConditionComparison.LessThan => order < 0,
        ConditionComparison.LessThanEquals => order <= 0,
        ConditionComparison.GreaterThan => order > 0,
        ConditionComparison.GreaterThanEquals => order >= 0,
        _ => false,
    };

    private static byte[]? Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IPNetwork? Network(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
            return network;
        return IPAddress.TryParse(text, out var single)
            ? new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }
}
