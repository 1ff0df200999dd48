using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Stepwise.Local.S3;

/// <summary><see cref="IObjectStorage"/> over AWSSDK.S3: distributed Map reads and writes whatever S3 the client points at
/// (AWS, or a local cloud's host), and S3's errors arrive as the same <see cref="S3Exception"/>s <see cref="LocalS3"/>
/// throws, so callers cannot tell which side served them. The client is borrowed, not disposed.</summary>
public sealed class AmazonS3ObjectStorage(IAmazonS3 client, TimeProvider? time = null) : IObjectStorage
{
    private const string MetadataPrefix = "x-amz-meta-";
    private static readonly string[] StandardHeaders = ["Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The client it calls.</summary>
    public IAmazonS3 Client { get; } = client;

    public async Task<S3ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        if (range is { } r) request.ByteRange = new Amazon.S3.Model.ByteRange(r.ToString());
        var response = await Call(() => Client.GetObjectAsync(request, cancellationToken)).ConfigureAwait(false);
        var (satisfied, size) = ParseContentRange(response.ContentRange) is { } partial
            ? (partial.Range, partial.Size)
            : ((ByteRange?)null, response.ContentLength);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StandardHeaders)
            if (response.Headers[name] is { Length: > 0 } value) headers[name] = value;
        var info = new S3ObjectInfo
        {
            Key = key,
            Size = size,
            ETag = response.ETag,
            LastModified = response.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : _time.GetUtcNow(),
            ContentType = response.Headers.ContentType ?? "binary/octet-stream",
            Headers = headers,
            Metadata = response.Metadata.Keys.ToDictionary(k => StripMetadataPrefix(k), k => response.Metadata[k]),
            StorageClass = response.StorageClass?.Value ?? "STANDARD",
            PartsCount = response.PartsCount,
        };
        // The response stream owns the HTTP response: disposing the content releases the connection.
        return new S3ObjectContent(info, response.ResponseStream, satisfied);
    }

    /// <remarks>PutObject's response carries no Last-Modified, so the returned info dates the object by this side's clock.</remarks>
    public async Task<S3ObjectInfo> PutObjectAsync(string bucket, string key, Stream content, PutObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The SDK signs a body of known length; a forward-only stream is buffered to get one.
        var body = content;
        if (!content.CanSeek)
        {
            body = new MemoryStream();
            await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            body.Position = 0;
        }
        var size = body.Length - body.Position;
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
            ContentType = options?.ContentType,
            MD5Digest = options?.ContentMd5,
        };
        foreach (var (name, value) in options?.Headers ?? new Dictionary<string, string>())
            request.Headers[name] = value;
        foreach (var (name, value) in options?.Metadata ?? new Dictionary<string, string>())
            request.Metadata.Add(name, value);
        var response = await Call(() => Client.PutObjectAsync(request, cancellationToken)).ConfigureAwait(false);
        return new S3ObjectInfo
        {
            Key = key,
            Size = size,
            ETag = response.ETag,
            LastModified = _time.GetUtcNow(),
            ContentType = options?.ContentType ?? "binary/octet-stream",
            Headers = options?.Headers ?? new Dictionary<string, string>(),
            Metadata = options?.Metadata ?? new Dictionary<string, string>(),
        };
    }

    public async Task<ListObjectsV2Result> ListObjectsV2Async(ListObjectsV2Request request, CancellationToken cancellationToken = default)
    {
        var response = await Call(() => Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request
        {
            BucketName = request.Bucket,
            Prefix = request.Prefix.Length > 0 ? request.Prefix : null,
            Delimiter = request.Delimiter,
            MaxKeys = request.MaxKeys,
            ContinuationToken = request.ContinuationToken,
            StartAfter = request.StartAfter,
        }, cancellationToken)).ConfigureAwait(false);
        return new ListObjectsV2Result
        {
            Contents = [.. (response.S3Objects ?? []).Select(o => new S3ObjectInfo
            {
                Key = o.Key,
                Size = o.Size ?? 0,
                ETag = o.ETag,
                LastModified = o.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : default,
                StorageClass = o.StorageClass?.Value ?? "STANDARD",
            })],
            CommonPrefixes = response.CommonPrefixes ?? [],
            IsTruncated = response.IsTruncated == true,
            NextContinuationToken = response.IsTruncated == true ? response.NextContinuationToken : null,
        };
    }

    /// <summary>S3's error, as <see cref="LocalS3"/> would have thrown it: same code, message and status.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException error)
        {
            throw FromAmazon(error);
        }
    }

    internal static S3Exception FromAmazon(AmazonServiceException error)
    {
        var status = error.StatusCode == 0 ? HttpStatusCode.InternalServerError : error.StatusCode;
        // A response without an error document (a HEAD, a proxy's page) has no code: name it by its status, as S3 does.
        var code = error.ErrorCode is { Length: > 0 } c ? c : status.ToString();
        return new S3Exception(code, error.Message, (int)status);
    }

    private static string StripMetadataPrefix(string name) =>
        name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) ? name[MetadataPrefix.Length..] : name;

    /// <summary><c>bytes FIRST-LAST/SIZE</c>; null when absent (the whole object was sent).</summary>
    private static (ByteRange Range, long Size)? ParseContentRange(string? header)
    {
        if (header is null || !header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase)) return null;
        var spec = header["bytes ".Length..];
        var dash = spec.IndexOf('-');
        var slash = spec.IndexOf('/');
        if (dash < 0 || slash < dash) return null;
        if (!long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(spec[(dash + 1)..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || !long.TryParse(spec[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            return null;
        return (new ByteRange(first, last), size);
    }
}
