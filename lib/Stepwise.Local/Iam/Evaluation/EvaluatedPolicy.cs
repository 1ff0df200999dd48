namespace Stepwise.Local.Iam;

/// <summary>The role a policy plays in an evaluation.</summary>
public enum PolicyType
{
    /// <summary>An identity-based policy (inline or managed): its Allows grant.</summary>
    Identity,
    /// <summary>A permissions boundary: it grants nothing, but what it does not allow is denied.</summary>
    PermissionsBoundary,
    /// <summary>A session policy (passed to AssumeRole): like a boundary, for the session.</summary>
    Session,
    /// <summary>A resource-based policy (a role's trust policy): its statements name principals; its Allows grant.</summary>
    Resource,
}

/// <summary>A policy taking part in an evaluation: an id (reported as <c>SourcePolicyId</c>), its document and role.</summary>
public sealed record EvaluatedPolicy(string Id, PolicyDocument Document, PolicyType Type = PolicyType.Identity)
{
    /// <summary>What the simulator reports as <c>SourcePolicyType</c> (<c>role</c>, <c>aws-managed</c>, <c>user-managed</c>, <c>none</c>, <c>resource</c>).</summary>
    public string SourceType { get; init; } = Type == PolicyType.Resource ? "resource" : "none";

    /// <summary>The managed policy's ARN, when it is one (AccessDenied messages name it).</summary>
    public string? Arn { get; init; }
}
