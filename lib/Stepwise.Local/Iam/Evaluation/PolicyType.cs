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
