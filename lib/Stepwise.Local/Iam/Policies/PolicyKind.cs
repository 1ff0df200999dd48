namespace Stepwise.Local.Iam;

/// <summary>Which grammar a document is read with: AWS checks different elements for the two.</summary>
public enum PolicyKind
{
    /// <summary>An identity-based policy (inline, managed, permissions boundary, session policy): Resource required,
    /// Principal prohibited.</summary>
    Identity,

    /// <summary>A role's trust policy (a resource-based policy on the role): Principal required, Resource prohibited.</summary>
    Trust,
}
