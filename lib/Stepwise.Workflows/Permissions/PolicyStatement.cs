using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Permissions;

/// <summary>An IAM policy statement: actions on resources, allowed or denied, optionally under a condition.</summary>
public sealed record PolicyStatement(ImmutableArray<string> Actions, ImmutableArray<string> Resources, string? Condition = null)
{
    /// <summary><c>Allow</c> or <c>Deny</c>.</summary>
    public string Effect { get; init; } = "Allow";

    /// <summary>The statement id, when it has one.</summary>
    public string? Sid { get; init; }

    /// <summary>Every (action, resource) pair of the statement.</summary>
    public IEnumerable<Permission> Permissions =>
        from action in Actions from resource in Resources select new Permission(action, resource, Condition);

    /// <summary>The statement as IAM JSON (lists always, as AWS's templates write them).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Sid is not null) json["Sid"] = Sid;
        json["Effect"] = Effect;
        json["Action"] = new JsonArray([.. Actions.Select(a => (JsonNode)a)]);
        json["Resource"] = new JsonArray([.. Resources.Select(r => (JsonNode)r)]);
        if (Condition is not null) json["Condition"] = JsonNode.Parse(Condition);
        return json;
    }

    /// <summary>Reads a policy document's statements (<c>Statement</c> an object or a list; <c>Action</c>/<c>Resource</c> a string or a list).</summary>
    /// <exception cref="FormatException">The document is not an IAM policy this comparison handles (e.g. <c>NotAction</c>, <c>NotResource</c>, <c>Principal</c>), with the statement named.</exception>
    public static IReadOnlyList<PolicyStatement> Parse(JsonNode policyDocument)
    {
        var statements = policyDocument["Statement"] switch
        {
            JsonArray list => list.ToArray(),
            JsonObject one => [one],
            _ => throw new FormatException("The policy document has no \"Statement\"."),
        };
        var parsed = new List<PolicyStatement>();
        for (var i = 0; i < statements.Length; i++)
        {
            if (statements[i] is not JsonObject statement)
                throw new FormatException($"Statement {i + 1} is not an object.");
            var name = statement["Sid"] is { } sid ? $"Statement {i + 1} ({sid})" : $"Statement {i + 1}";
            foreach (var unsupported in new[] { "NotAction", "NotResource", "Principal", "NotPrincipal" })
                if (statement.ContainsKey(unsupported))
                    throw new FormatException($"{name} uses {unsupported}, which this comparison does not evaluate; write it with Action and Resource.");
            var effect = (string?)statement["Effect"];
            if (effect is not ("Allow" or "Deny"))
                throw new FormatException($"{name}: Effect must be Allow or Deny, not {statement["Effect"]?.ToJsonString() ?? "missing"}.");
            parsed.Add(new PolicyStatement(Strings(statement["Action"], name, "Action"), Strings(statement["Resource"], name, "Resource"),
                statement["Condition"] is JsonObject condition ? PolicyConditions.Canonical(condition) : null)
            {
                Effect = effect,
                Sid = (string?)statement["Sid"],
            });
        }
        return parsed;
    }

    private static ImmutableArray<string> Strings(JsonNode? node, string statement, string field) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a when a.All(e => e is JsonValue ev && ev.TryGetValue<string>(out _)) && a.Count > 0 => [.. a.Select(e => (string)e!)],
        _ => throw new FormatException($"{statement}: {field} must be a string or a list of strings, not {node?.ToJsonString() ?? "missing"} (a CloudFormation intrinsic must be resolved first)."),
    };
}
