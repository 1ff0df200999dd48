using System.Text.Json;

namespace Stepwise.Local.S3;

/// <summary>
/// Local S3: buckets are folders under <see cref="Root"/> and each object is one file,
/// <c>{root}/{bucket}/objects/{hex of the key's UTF-8}.obj</c> holding its bytes and a metadata footer (see
/// <see cref="ObjectPaths"/> and <see cref="ObjectFile"/>). Keys of any characters are safe: none can name a path outside
/// its bucket, and listing order is S3's UTF-8 binary order. Writes go to <c>{bucket}/tmp</c> and are renamed into
/// place, so readers never see half an object. Errors are <see cref="S3Exception"/>s with S3's codes and messages.
/// </summary>
public sealed partial class LocalS3 : IObjectStorage
{
    private const string BucketFile = "bucket.json";
    private readonly TimeProvider _time;

    /// <summary>A local S3 storing under <paramref name="root"/> (created when missing), timestamps from <paramref name="time"/>.</summary>
    public LocalS3(string root, TimeProvider? time = null)
    {
        Root = Path.GetFullPath(root);
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder holding one sub-folder per bucket.</summary>
    public string Root { get; }

    /// <summary>Creates a bucket; InvalidBucketName, BucketAlreadyOwnedByYou.</summary>
    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        S3Names.ValidateBucket(bucket);
        var folder = BucketFolder(bucket);
        Directory.CreateDirectory(folder);
        try
        {
            // CreateNew makes the bucket's record the one atomic claim on the name.
            await using var file = new FileStream(Path.Combine(folder, BucketFile), FileMode.CreateNew, FileAccess.Write);
            await JsonSerializer.SerializeAsync(file, new StoredBucket(Now()), S3StorageJsonContext.Default.StoredBucket, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, BucketFile)))
        {
            throw S3Errors.BucketAlreadyOwnedByYou(bucket);
        }
    }

    /// <summary>Succeeds when the bucket exists; NoSuchBucket otherwise.</summary>
    public Task HeadBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        RequireBucket(bucket);
        return Task.CompletedTask;
    }

    /// <summary>Whether the bucket exists.</summary>
    public bool BucketExists(string bucket) => S3Names.IsValidBucketName(bucket) && File.Exists(Path.Combine(BucketFolder(bucket), BucketFile));

    /// <summary>Deletes an empty bucket (and its unfinished multipart uploads); NoSuchBucket, BucketNotEmpty.</summary>
    public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        var folder = RequireBucket(bucket);
        if (ObjectPaths.HexNames(ObjectsFolder(bucket), "").Any()) throw S3Errors.BucketNotEmpty(bucket);
        File.Delete(Path.Combine(folder, BucketFile));
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>All buckets, by name.</summary>
    public Task<IReadOnlyList<S3Bucket>> ListBucketsAsync(CancellationToken cancellationToken = default)
    {
        var buckets = new List<S3Bucket>();
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(folder);
            var record = Path.Combine(folder, BucketFile);
            if (!S3Names.IsValidBucketName(name) || !File.Exists(record)) continue;
            try
            {
                var stored = JsonSerializer.Deserialize(File.ReadAllBytes(record), S3StorageJsonContext.Default.StoredBucket);
                buckets.Add(new S3Bucket(name, stored?.CreationDate ?? File.GetCreationTimeUtc(record)));
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // A bucket being created or deleted right now.
            }
        }
        return Task.FromResult<IReadOnlyList<S3Bucket>>([.. buckets.OrderBy(b => b.Name, StringComparer.Ordinal)]);
    }

    public async Task<S3ObjectInfo> PutObjectAsync(string bucket, string key, Stream content, PutObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireBucket(bucket);
        S3Names.ValidateKey(key);
        options ??= new PutObjectOptions();
        var target = ObjectFile.CreateTemporary(TemporaryFolder(bucket));
        try
        {
            var (size, md5) = await ObjectFile.CopyHashingAsync(content, target, cancellationToken).ConfigureAwait(false);
            CheckContentMd5(options.ContentMd5, md5);
            var stored = new StoredObject(key, ObjectFile.ETagOf(md5), Now(), options.ContentType ?? DefaultContentType,
                new(options.Headers ?? new Dictionary<string, string>()), LowerCased(options.Metadata));
            RequireBucket(bucket);
            await ObjectFile.FinishAsync(target, stored, ObjectPaths.PathOf(ObjectsFolder(bucket), key), cancellationToken).ConfigureAwait(false);
            return Info(stored, size);
        }
        catch
        {
            await DiscardAsync(target).ConfigureAwait(false);
            throw;
        }
    }

    public Task<S3ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        var file = Open(bucket, key);
        try
        {
            var (stored, size) = ObjectFile.ReadFooter(file);
            var info = Info(stored, size);
            if (range is null)
                return Task.FromResult(new S3ObjectContent(info, new BoundedReadStream(file, 0, size), null));
            var resolved = range.Value.Resolve(size) ?? throw S3Errors.InvalidRange(range.Value.ToString(), size);
            return Task.FromResult(new S3ObjectContent(info, new BoundedReadStream(file, resolved.First, resolved.Last - resolved.First + 1), resolved));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The object's description; NoSuchBucket, NoSuchKey.</summary>
    public Task<S3ObjectInfo> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        using var file = Open(bucket, key);
        var (stored, size) = ObjectFile.ReadFooter(file);
        return Task.FromResult(Info(stored, size));
    }

    /// <summary>Deletes an object; deleting a key that does not exist succeeds, as on S3. NoSuchBucket.</summary>
    public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        RequireBucket(bucket);
        S3Names.ValidateKey(key);
        var path = ObjectPaths.PathOf(ObjectsFolder(bucket), key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }
        PruneEmptyFolders(Path.GetDirectoryName(path)!, ObjectsFolder(bucket));
        return Task.CompletedTask;
    }

    /// <summary>Deletes up to 1000 keys; a bad key is reported per key, not for the whole request.</summary>
    public async Task<DeleteObjectsResult> DeleteObjectsAsync(string bucket, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        RequireBucket(bucket);
        if (keys.Count is 0 or > 1000) throw S3Errors.MalformedXml();
        var deleted = new List<string>();
        var errors = new List<DeleteObjectsError>();
        foreach (var key in keys)
        {
            try
            {
                await DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                deleted.Add(key);
            }
            catch (S3Exception e)
            {
                errors.Add(new DeleteObjectsError(key, e.ErrorCode, e.Message));
            }
        }
        return new DeleteObjectsResult(deleted, errors);
    }

    /// <summary>Copies an object, keeping its metadata, or replacing it with <paramref name="replace"/> when given
    /// (S3's <c>x-amz-metadata-directive: REPLACE</c>). Copying an object onto itself needs <paramref name="replace"/>.</summary>
    public async Task<S3ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key,
        PutObjectOptions? replace = null, CancellationToken cancellationToken = default)
    {
        RequireBucket(bucket);
        S3Names.ValidateKey(key);
        if (replace is null && sourceBucket == bucket && sourceKey == key) throw S3Errors.InvalidCopyRequest();
        await using var source = await GetObjectAsync(sourceBucket, sourceKey, null, cancellationToken).ConfigureAwait(false);
        var info = source.Info;
        var options = replace ?? new PutObjectOptions { ContentType = info.ContentType, Headers = info.Headers, Metadata = info.Metadata };
        return await PutObjectAsync(bucket, key, source.Content, options with { ContentMd5 = null }, cancellationToken).ConfigureAwait(false);
    }

    internal const string DefaultContentType = "binary/octet-stream";

    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    private string BucketFolder(string bucket) => Path.Combine(Root, bucket);

    private string ObjectsFolder(string bucket) => Path.Combine(Root, bucket, "objects");

    private string TemporaryFolder(string bucket) => Path.Combine(Root, bucket, "tmp");

    private string RequireBucket(string bucket)
    {
        if (!BucketExists(bucket))
            throw S3Names.IsValidBucketName(bucket) ? S3Errors.NoSuchBucket(bucket) : S3Errors.InvalidBucketName(bucket ?? "");
        return BucketFolder(bucket);
    }

    private FileStream Open(string bucket, string key)
    {
        RequireBucket(bucket);
        S3Names.ValidateKey(key);
        return ObjectFile.TryOpen(ObjectPaths.PathOf(ObjectsFolder(bucket), key)) ?? throw S3Errors.NoSuchKey(bucket, key);
    }

    private static S3ObjectInfo Info(StoredObject stored, long size) => new()
    {
        Key = stored.Key,
        Size = size,
        ETag = stored.ETag,
        LastModified = stored.LastModified,
        ContentType = stored.ContentType,
        Headers = stored.Headers,
        Metadata = stored.Metadata,
        PartsCount = stored.PartsCount,
    };

    private static Dictionary<string, string> LowerCased(IReadOnlyDictionary<string, string>? metadata) =>
        (metadata ?? new Dictionary<string, string>()).ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value);

    private static void CheckContentMd5(string? contentMd5, byte[] md5)
    {
        if (contentMd5 is null) return;
        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(contentMd5);
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidDigest(contentMd5);
        }
        if (expected.Length != 16) throw S3Errors.InvalidDigest(contentMd5);
        if (!expected.AsSpan().SequenceEqual(md5)) throw S3Errors.BadDigest("MD5");
    }

    private static async Task DiscardAsync(FileStream temporary)
    {
        var name = temporary.Name;
        await temporary.DisposeAsync().ConfigureAwait(false);
        File.Delete(name);
    }

    /// <summary>Removes the empty folders a long key's file leaves behind, up to (not including) <paramref name="stop"/>.</summary>
    private static void PruneEmptyFolders(string folder, string stop)
    {
        try
        {
            while (folder.Length > stop.Length && folder.StartsWith(stop, StringComparison.Ordinal) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
                folder = Path.GetDirectoryName(folder)!;
            }
        }
        catch (IOException)
        {
            // Another writer put something there meanwhile.
        }
    }
}
