namespace Stepwise.Local.SageMaker;

/// <summary>An <c>s3://bucket/key</c> URI split into bucket and key (the key may be empty or a prefix).</summary>
internal sealed record S3Location(string Bucket, string Key)
{
    public static S3Location? TryParse(string? uri)
    {
        if (uri is null || !uri.StartsWith("s3://", StringComparison.Ordinal)) return null;
        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        return bucket.Length == 0 ? null : new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    /// <summary>The key <paramref name="path"/> below this one (<c>prefix/job/output/model.tar.gz</c>).</summary>
    public S3Location Child(string path) => this with { Key = Key.Length == 0 ? path : Key.TrimEnd('/') + "/" + path };

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
