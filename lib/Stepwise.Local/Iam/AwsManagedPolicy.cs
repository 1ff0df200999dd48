namespace Stepwise.Local.Iam;

/// <summary>An AWS managed policy as the local cloud ships it: copied from AWS's managed-policy reference (the page in
/// <see cref="Source"/>), at the version it names.</summary>
public sealed record AwsManagedPolicy(string PolicyName, string Path, string Description, string DefaultVersionId,
    DateTimeOffset CreateDate, DateTimeOffset UpdateDate, string Source, PolicyDocument Document)
{
    /// <summary><c>arn:aws:iam::aws:policy{path}{name}</c>.</summary>
    public string Arn => $"arn:aws:iam::aws:policy{Path}{PolicyName}";

    /// <summary>A stable id in AWS's style (<c>ANPA…</c>), derived from the name.</summary>
    public string PolicyId => "ANPA" + IamIds.Stable(PolicyName);
}
