using System.Text.Json.Nodes;
using Stepwise.Local.S3;

namespace Stepwise.Local.SageMaker;

/// <summary>The objects an S3 data source names, as SageMaker reads them: every object under an <c>S3Prefix</c> (with
/// its path below the prefix, or its file name when the prefix is its key), or the entries of a <c>ManifestFile</c> (<c>[{"prefix": "s3://…/"},
/// "relative/key", …]</c>); and folders copied to and from S3.</summary>
internal static class S3Staging
{
    /// <summary>One object of a data source and the path it has below the source.</summary>
    public sealed record Item(string Bucket, string Key, string Relative)
    {
        public override string ToString() => $"s3://{Bucket}/{Key}";
    }

    public static async Task<IReadOnlyList<Item>> ListAsync(IObjectStorage storage, string dataType, string uri, CancellationToken cancellationToken)
    {
        var location = S3Location.TryParse(uri) ?? throw new InvalidDataException($"{uri} is not an s3:// URI.");
        var items = new List<Item>();
        if (dataType == "ManifestFile")
        {
            var manifest = JsonNode.Parse(await storage.GetTextAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false))?.AsArray()
                ?? throw new InvalidDataException($"The manifest {uri} is empty.");
            var prefix = S3Location.TryParse(manifest.FirstOrDefault()?["prefix"]?.GetValue<string>())
                ?? throw new InvalidDataException($"The manifest {uri} does not start with {{\"prefix\": \"s3://bucket/prefix/\"}}.");
            foreach (var entry in manifest.Skip(1))
            {
                var relative = entry!.GetValue<string>();
                items.Add(new Item(prefix.Bucket, prefix.Key + relative, relative));
            }
            return items;
        }
        await foreach (var item in storage.ListAllAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false))
        {
            if (item.Key.EndsWith('/')) continue; // a console-made "folder"
            var relative = item.Key[location.Key.Length..].TrimStart('/');
            if (relative.Length == 0) relative = item.Key[(item.Key.LastIndexOf('/') + 1)..]; // the prefix is the object's key
            items.Add(new Item(location.Bucket, item.Key, relative));
        }
        return items;
    }

    /// <summary>Copies the object to <paramref name="folder"/>/<paramref name="relative"/>, refusing a path that leaves the folder.</summary>
    public static async Task CopyToAsync(IObjectStorage storage, Item item, string folder, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(folder, item.Relative));
        if (!target.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidDataException($"{item} would land outside its folder ({item.Relative}).");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var content = await storage.GetObjectAsync(item.Bucket, item.Key, null, cancellationToken).ConfigureAwait(false);
        await using var file = File.Create(target);
        await content.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads every file under <paramref name="folder"/> to <paramref name="target"/>/relative path; the count.</summary>
    public static async Task<int> UploadAsync(IObjectStorage storage, string folder, S3Location target, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder)) return 0;
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var key = target.Child(Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'));
            await using var content = File.OpenRead(file);
            await storage.PutObjectAsync(key.Bucket, key.Key, content, null, cancellationToken).ConfigureAwait(false);
            count++;
        }
        return count;
    }

    /// <summary>Whether anything lies under the prefix (false when the bucket does not exist).</summary>
    public static async Task<bool> AnyAsync(IObjectStorage storage, S3Location location, CancellationToken cancellationToken)
    {
        try
        {
            var page = await storage.ListObjectsV2Async(new ListObjectsV2Request { Bucket = location.Bucket, Prefix = location.Key, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
            return page.Contents.Count > 0;
        }
        catch (S3Exception)
        {
            return false;
        }
    }
}
