using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Permissions;

/// <summary>One IAM permission: an action on a resource (an ARN or an IAM wildcard pattern), optionally under a condition.</summary>
/// <param name="Action">E.g. <c>sagemaker:CreateTrainingJob</c>.</param>
/// <param name="Resource">E.g. <c>arn:aws:sagemaker:us-east-1:123456789012:training-job/*</c>, or <c>*</c>.</param>
/// <param name="Condition">The statement's <c>Condition</c> block as canonical JSON (keys sorted), or null for none;
/// built by <see cref="PolicyConditions"/> so that equal conditions compare equal.</param>
public sealed record Permission(string Action, string Resource, string? Condition = null)
{
    /// <summary>E.g. <c>iam:PassRole on arn:aws:iam::1:role/R when {"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}</c>.</summary>
    public override string ToString() => $"{Action} on {Resource}{(Condition is null ? "" : $" when {Condition}")}";
}

/// <summary>Canonical forms of IAM <c>Condition</c> blocks.</summary>
public static class PolicyConditions
{
    /// <summary><c>{"StringEquals": {"iam:PassedToService": service}}</c>, as AWS's templates put on <c>iam:PassRole</c>.</summary>
    public static string PassedToService(string service) => Canonical(new JsonObject
    {
        ["StringEquals"] = new JsonObject { ["iam:PassedToService"] = service },
    });

    /// <summary>A condition block with its operators and keys sorted (ordinal), single values unwrapped, so equal conditions are equal strings.</summary>
    public static string Canonical(JsonNode condition) => Sorted(condition).ToJsonString();

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : (JsonNode?)Sorted(p.Value)))),
        JsonArray { Count: 1 } a when a[0] is { } only => Sorted(only),
        JsonArray a => new JsonArray([.. a.Select(v => v is null ? null : Sorted(v)).OrderBy(v => v?.ToJsonString(), StringComparer.Ordinal)]),
        _ => node.DeepClone(),
    };
}
