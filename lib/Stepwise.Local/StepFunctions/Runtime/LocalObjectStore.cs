namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>Local S3: objects are files at <c>{root}/{bucket}/{key}</c>.</summary>
public sealed class LocalObjectStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string bucket, string key)
    {
        if (string.IsNullOrEmpty(bucket) || bucket.Contains('/') || bucket is "." or "..")
            throw new StatesException("S3.InvalidBucketName", $"The specified bucket is not valid: '{bucket}'.");
        var path = Path.GetFullPath(Path.Combine(Root, bucket, key));
        if (!path.StartsWith(Path.Combine(Root, bucket) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new StatesException("S3.InvalidKey", $"The specified key is not valid: '{key}'.");
        return path;
    }

    public async Task<string> GetTextAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = PathOf(bucket, key);
        if (!File.Exists(path))
            throw new StatesException("S3.NoSuchKey", $"The specified key does not exist. (Bucket: {bucket}, Key: {key})");
        return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public async Task PutTextAsync(string bucket, string key, string text, CancellationToken cancellationToken)
    {
        var path = PathOf(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The keys under a prefix, in lexical order, as ListObjectsV2 returns them.</summary>
    public IReadOnlyList<(string Key, long Size)> List(string bucket, string prefix)
    {
        var bucketRoot = Path.Combine(Root, bucket);
        if (!Directory.Exists(bucketRoot)) throw new StatesException("S3.NoSuchBucket", $"The specified bucket does not exist: '{bucket}'.");
        return [.. Directory.EnumerateFiles(bucketRoot, "*", SearchOption.AllDirectories)
            .Select(f => (Key: Path.GetRelativePath(bucketRoot, f).Replace(Path.DirectorySeparatorChar, '/'), Size: new FileInfo(f).Length))
            .Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(o => o.Key, StringComparer.Ordinal)];
    }
}
