namespace Stepwise.Local.S3;

/// <summary>What a PutObject (or CreateMultipartUpload, or a metadata-replacing CopyObject) stores besides the bytes.</summary>
public sealed record PutObjectOptions
{
    public string? ContentType { get; init; }

    /// <summary>Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires, by their HTTP names.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>User metadata (<c>x-amz-meta-*</c> without the prefix).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The base64 MD5 the client sent as Content-MD5, checked against the bytes (BadDigest when they differ).</summary>
    public string? ContentMd5 { get; init; }
}
