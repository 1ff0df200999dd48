namespace Stepwise.Local.S3;

/// <summary>One page of ListObjectsV2: keys and common prefixes in UTF-8 binary order.</summary>
public sealed record ListObjectsV2Result
{
    public required IReadOnlyList<S3ObjectInfo> Contents { get; init; }

    public required IReadOnlyList<string> CommonPrefixes { get; init; }

    public bool IsTruncated { get; init; }

    /// <summary>Pass it back as <see cref="ListObjectsV2Request.ContinuationToken"/> for the next page; null on the last.</summary>
    public string? NextContinuationToken { get; init; }

    /// <summary>Contents plus common prefixes, as S3's KeyCount counts them.</summary>
    public int KeyCount => Contents.Count + CommonPrefixes.Count;
}
