using System.Collections.Immutable;

namespace Stepwise.Local.Iam;

/// <summary>What a request asks, as the evaluator sees it: the action (<c>service:Operation</c>), the resource ARN,
/// the principal (for trust and other resource-based policies) and the context keys with their values.</summary>
public sealed record RequestContext
{
    /// <summary>The action, e.g. <c>sagemaker:CreateTrainingJob</c> (matched ignoring case).</summary>
    public required string Action { get; init; }

    /// <summary>The resource's ARN, or <c>*</c> for actions on no resource.</summary>
    public string Resource { get; init; } = "*";

    /// <summary>Who asks; null when only identity-based policies are evaluated.</summary>
    public RequestPrincipal? Principal { get; init; }

    /// <summary>The context keys (case-insensitive) with their values; a key with several values is multivalued.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Keys { get; init; } =
        ImmutableDictionary.Create<string, ImmutableArray<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="values"/>.</summary>
    public RequestContext With(string key, params string[] values) => this with { Keys = Keys.SetItem(key, [.. values]) };

    /// <summary>The values of <paramref name="key"/>; empty when absent.</summary>
    public ImmutableArray<string> Values(string key) => Keys.TryGetValue(key, out var values) ? values : [];

    /// <summary>The value a policy variable <c>${key}</c> takes: the key's single value, else none.</summary>
    internal string? Variable(string key) => Keys.TryGetValue(key, out var values) && values.Length == 1 ? values[0] : null;
}
