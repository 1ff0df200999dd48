namespace Stepwise.Local.Iam;

/// <summary>A policy taking part in an evaluation: an id (reported as <c>SourcePolicyId</c>), its document and role.</summary>
public sealed record EvaluatedPolicy(string Id, PolicyDocument Document, PolicyType Type = PolicyType.Identity)
{
    /// <summary>What the simulator reports as <c>SourcePolicyType</c> (<c>role</c>, <c>aws-managed</c>, <c>user-managed</c>, <c>none</c>, <c>resource</c>).</summary>
    public string SourceType { get; init; } = Type == PolicyType.Resource ? "resource" : "none";

    /// <summary>The managed policy's ARN, when it is one (AccessDenied messages name it).</summary>
    public string? Arn { get; init; }
}
