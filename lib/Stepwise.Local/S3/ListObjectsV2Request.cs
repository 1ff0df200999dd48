namespace Stepwise.Local.S3;

/// <summary>The parameters of ListObjectsV2.</summary>
public sealed record ListObjectsV2Request
{
    public required string Bucket { get; init; }

    public string Prefix { get; init; } = "";

    /// <summary>Groups keys that contain it after the prefix into <see cref="ListObjectsV2Result.CommonPrefixes"/>.</summary>
    public string? Delimiter { get; init; }

    /// <summary>At most this many keys and common prefixes together (S3 caps it at 1000).</summary>
    public int MaxKeys { get; init; } = 1000;

    public string? ContinuationToken { get; init; }

    /// <summary>List keys after this one (UTF-8 binary order); ignored when a continuation token is given.</summary>
    public string? StartAfter { get; init; }
}
