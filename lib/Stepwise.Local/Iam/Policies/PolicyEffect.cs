namespace Stepwise.Local.Iam;

/// <summary>What a statement does when it applies.</summary>
public enum PolicyEffect
{
    /// <summary>Grants the request, unless a Deny applies too.</summary>
    Allow,

    /// <summary>Refuses the request, whatever allows it.</summary>
    Deny,
}
