using System.Text.RegularExpressions;

namespace Stepwise.Local.Images;

/// <summary>A repository and tag (<c>stepwise-maskrcnn:latest</c>), parsed from <c>repo[:tag]</c> or from the AWS URI
/// <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;repo&gt;:&lt;tag&gt;</c>.</summary>
public sealed partial record ImageReference(string Repository, string Tag)
{
    /// <summary>The tag Docker and ECR assume when none is given.</summary>
    public const string DefaultTag = "latest";

    /// <summary>ECR's repository name pattern (lower case, path segments).</summary>
    [GeneratedRegex(@"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$")]
    private static partial Regex RepositoryPattern();

    /// <summary>ECR's (and Docker's) tag pattern.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?<account>[0-9]{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/(?<rest>.+)$")]
    private static partial Regex UriPattern();

    /// <summary>The account of a URI-form reference (null for <c>repo:tag</c>).</summary>
    public string? Account { get; init; }

    /// <summary>The region of a URI-form reference (null for <c>repo:tag</c>).</summary>
    public string? Region { get; init; }

    /// <summary>Parses <c>repo</c>, <c>repo:tag</c> or an ECR image URI; digests (<c>@sha256:…</c>) are not served locally.</summary>
    public static ImageReference Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        string? account = null, region = null;
        var rest = value.Trim();
        if (UriPattern().Match(rest) is { Success: true } uri)
        {
            account = uri.Groups["account"].Value;
            region = uri.Groups["region"].Value;
            rest = uri.Groups["rest"].Value;
        }
        else if (rest.Contains('.') && rest.IndexOf('/') is var slash and > 0 && rest[..slash].Contains('.'))
            throw new FormatException($"'{value}' is not an ECR image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>) nor a <repository>:<tag>.");
        if (rest.Contains('@'))
            throw new FormatException($"'{value}': image digests are not served by local images; name a tag.");
        var colon = rest.LastIndexOf(':');
        var (repository, tag) = colon > rest.LastIndexOf('/') && colon >= 0 ? (rest[..colon], rest[(colon + 1)..]) : (rest, DefaultTag);
        if (!RepositoryPattern().IsMatch(repository))
            throw new FormatException($"'{repository}' is not a valid repository name: lower-case letters, digits and ._-/ separators, as ECR requires.");
        if (!TagPattern().IsMatch(tag))
            throw new FormatException($"'{tag}' is not a valid image tag: letters, digits, _ . - (at most 128, not starting with . or -).");
        return new ImageReference(repository, tag) { Account = account, Region = region };
    }

    /// <summary>The AWS URI of this image in <paramref name="account"/> and <paramref name="region"/>.</summary>
    public string ToUri(string account, string region) => $"{account}.dkr.ecr.{region}.amazonaws.com/{Repository}:{Tag}";

    /// <summary><c>repo:tag</c>.</summary>
    public override string ToString() => $"{Repository}:{Tag}";
}
