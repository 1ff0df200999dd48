namespace Stepwise.Local.S3;

/// <summary>What S3 knows about an object without its bytes (HeadObject, a ListObjectsV2 entry).</summary>
public sealed record S3ObjectInfo
{
    public required string Key { get; init; }

    public required long Size { get; init; }

    /// <summary>The quoted entity tag: <c>"md5-hex"</c>, or <c>"md5-of-part-md5s-N"</c> for a multipart upload.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public string ContentType { get; init; } = "binary/octet-stream";

    /// <summary>The standard headers stored with the object (Cache-Control, Content-Disposition, Content-Encoding,
    /// Content-Language, Expires), by their HTTP names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>User metadata: the <c>x-amz-meta-*</c> headers, names lower-cased and without the prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public string StorageClass { get; init; } = "STANDARD";

    /// <summary>How many parts a multipart upload had; null for a single PUT.</summary>
    public int? PartsCount { get; init; }
}
