using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Stepwise.Local.S3;

public sealed partial class LocalS3
{
    /// <summary>S3's minimum size of every part but the last.</summary>
    public const long MinPartSize = 5 * 1024 * 1024;

    /// <summary>Starts a multipart upload and returns its upload id; NoSuchBucket.</summary>
    public async Task<string> CreateMultipartUploadAsync(string bucket, string key, PutObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireBucket(bucket);
        S3Names.ValidateKey(key);
        options ??= new PutObjectOptions();
        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = UploadFolder(bucket, uploadId);
        Directory.CreateDirectory(folder);
        var upload = new StoredUpload(key, Now(), options.ContentType ?? DefaultContentType,
            new(options.Headers ?? new Dictionary<string, string>()), LowerCased(options.Metadata));
        await File.WriteAllBytesAsync(Path.Combine(folder, "upload.json"),
            JsonSerializer.SerializeToUtf8Bytes(upload, S3StorageJsonContext.Default.StoredUpload), cancellationToken).ConfigureAwait(false);
        return uploadId;
    }

    /// <summary>Stores part <paramref name="partNumber"/> (1–10000) and returns its quoted ETag; NoSuchUpload, InvalidArgument.</summary>
    public async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content,
        string? contentMd5 = null, CancellationToken cancellationToken = default)
    {
        if (partNumber is < 1 or > 10000) throw S3Errors.InvalidPartNumber(partNumber.ToString(CultureInfo.InvariantCulture));
        var (folder, _) = RequireUpload(bucket, key, uploadId);
        var target = ObjectFile.CreateTemporary(TemporaryFolder(bucket));
        try
        {
            var (_, md5) = await ObjectFile.CopyHashingAsync(content, target, cancellationToken).ConfigureAwait(false);
            CheckContentMd5(contentMd5, md5);
            var stored = new StoredObject(key, ObjectFile.ETagOf(md5), Now(), DefaultContentType, [], []);
            await ObjectFile.FinishAsync(target, stored, PartPath(folder, partNumber), cancellationToken).ConfigureAwait(false);
            return stored.ETag;
        }
        catch
        {
            await DiscardAsync(target).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Joins the named parts into the object. Its ETag is S3's: the MD5 of the parts' MD5s, then <c>-N</c>.
    /// InvalidPartOrder, InvalidPart, EntityTooSmall (a part but the last under 5 MiB), NoSuchUpload, MalformedXML (no parts).</summary>
    public async Task<S3ObjectInfo> CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts,
        CancellationToken cancellationToken = default)
    {
        var (folder, upload) = RequireUpload(bucket, key, uploadId);
        if (parts.Count == 0) throw S3Errors.MalformedXml();
        for (var i = 1; i < parts.Count; i++)
            if (parts[i].PartNumber <= parts[i - 1].PartNumber) throw S3Errors.InvalidPartOrder();

        var files = new List<(FileStream File, long Size)>();
        try
        {
            using var md5s = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            foreach (var part in parts)
            {
                var number = part.PartNumber.ToString(CultureInfo.InvariantCulture);
                var file = part.PartNumber is >= 1 and <= 10000 ? ObjectFile.TryOpen(PartPath(folder, part.PartNumber)) : null;
                if (file is null) throw S3Errors.InvalidPart(number, part.ETag);
                var (stored, size) = ObjectFile.ReadFooter(file);
                files.Add((file, size));
                if (Unquoted(stored.ETag) != Unquoted(part.ETag)) throw S3Errors.InvalidPart(number, part.ETag);
                md5s.AppendData(Convert.FromHexString(Unquoted(stored.ETag)));
            }
            for (var i = 0; i < files.Count - 1; i++)
                if (files[i].Size < MinPartSize) throw S3Errors.EntityTooSmall(files[i].Size);

            var eTag = $"\"{Convert.ToHexStringLower(md5s.GetHashAndReset())}-{parts.Count}\"";
            var target = ObjectFile.CreateTemporary(TemporaryFolder(bucket));
            try
            {
                long total = 0;
                foreach (var (file, size) in files)
                {
                    await using var bytes = new BoundedReadStream(file, 0, size);
                    await bytes.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                    total += size;
                }
                var stored = new StoredObject(key, eTag, Now(), upload.ContentType, upload.Headers, upload.Metadata, parts.Count);
                RequireBucket(bucket);
                await ObjectFile.FinishAsync(target, stored, ObjectPaths.PathOf(ObjectsFolder(bucket), key), cancellationToken).ConfigureAwait(false);
                Directory.Delete(folder, recursive: true);
                return Info(stored, total);
            }
            catch
            {
                await DiscardAsync(target).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            foreach (var (file, _) in files) await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The parts uploaded so far, by number; NoSuchUpload.</summary>
    public Task<IReadOnlyList<UploadedPart>> ListPartsAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default)
    {
        var (folder, _) = RequireUpload(bucket, key, uploadId);
        var parts = new List<UploadedPart>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.part"))
        {
            if (!int.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) continue;
            using var file = ObjectFile.TryOpen(path);
            if (file is null) continue;
            var (stored, size) = ObjectFile.ReadFooter(file);
            parts.Add(new UploadedPart(number, stored.ETag, size, stored.LastModified));
        }
        return Task.FromResult<IReadOnlyList<UploadedPart>>([.. parts.OrderBy(p => p.PartNumber)]);
    }

    /// <summary>Drops an upload and its parts; NoSuchUpload.</summary>
    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default)
    {
        var (folder, _) = RequireUpload(bucket, key, uploadId);
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private string UploadFolder(string bucket, string uploadId) => Path.Combine(Root, bucket, "uploads", uploadId);

    private static string PartPath(string folder, int partNumber) => Path.Combine(folder, partNumber.ToString("D5", CultureInfo.InvariantCulture) + ".part");

    private static string Unquoted(string eTag) => eTag.Trim().Trim('"').ToLowerInvariant();

    private (string Folder, StoredUpload Upload) RequireUpload(string bucket, string key, string uploadId)
    {
        RequireBucket(bucket);
        S3Names.ValidateKey(key);
        // Upload ids are 32 hex digits; checking that first keeps any other text out of the path.
        if (uploadId is not { Length: 32 } || !uploadId.All(char.IsAsciiHexDigitLower)) throw S3Errors.NoSuchUpload(uploadId ?? "");
        var folder = UploadFolder(bucket, uploadId);
        StoredUpload? upload;
        try
        {
            upload = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, "upload.json")), S3StorageJsonContext.Default.StoredUpload);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw S3Errors.NoSuchUpload(uploadId);
        }
        if (upload is null || upload.Key != key) throw S3Errors.NoSuchUpload(uploadId);
        return (folder, upload);
    }
}
