using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Stepwise.Local.Tests.S3;

/// <summary>AWSSDK.S3 4.x (which sends aws-chunked bodies with trailing CRC32 checksums by default) against the wire.</summary>
public sealed class S3WireSdkTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private AmazonS3Client _client = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _client = _server.Client();
        await _client.PutBucketAsync("data");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Put_get_head_and_delete_round_trip_with_metadata()
    {
        var put = new PutObjectRequest { BucketName = "data", Key = "dir/hello.txt", ContentBody = "hello, world", ContentType = "text/plain" };
        put.Metadata.Add("x-amz-meta-owner", "ann");
        var putResponse = await _client.PutObjectAsync(put);
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("hello, world"u8)) + "\"", putResponse.ETag);

        using var get = await _client.GetObjectAsync("data", "dir/hello.txt");
        Assert.Equal("hello, world", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        Assert.Equal("text/plain", get.Headers.ContentType);
        Assert.Equal("ann", get.Metadata["owner"]);
        Assert.Equal(putResponse.ETag, get.ETag);

        var head = await _client.GetObjectMetadataAsync("data", "dir/hello.txt");
        Assert.Equal(12, head.ContentLength);

        await _client.DeleteObjectAsync("data", "dir/hello.txt");
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.GetObjectMetadataAsync("data", "dir/hello.txt"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("a key with spaces.txt")]
    [InlineData("ünïcödé/日本語/🚀 rocket+plus&amp=eq.json")]
    [InlineData("dots/../and//double/slashes/")]
    [InlineData("percent%2Fliteral?query#hash")]
    public async Task Keys_with_spaces_unicode_and_reserved_characters_round_trip(string key)
    {
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = key });
        using var get = await _client.GetObjectAsync("data", key);
        Assert.Equal(key, await new StreamReader(get.ResponseStream).ReadToEndAsync());
        var listed = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data" });
        Assert.Contains(key, listed.S3Objects!.Select(o => o.Key));
    }

    [Fact]
    public async Task Listing_pages_with_continuation_tokens_and_groups_common_prefixes()
    {
        var keys = Enumerable.Range(0, 7).Select(i => $"logs/{i:D2}.txt").Append("top.txt").Append("other/x").ToList();
        foreach (var key in keys) await _client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "x" });

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data", Prefix = "logs/", MaxKeys = 3, ContinuationToken = token });
            seen.AddRange(page.S3Objects!.Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys.Where(k => k.StartsWith("logs/")), seen);
        Assert.Equal(3, pages);

        var grouped = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data", Delimiter = "/" });
        Assert.Equal(["logs/", "other/"], grouped.CommonPrefixes);
        Assert.Equal(["top.txt"], grouped.S3Objects!.Select(o => o.Key));
        var after = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data", StartAfter = "logs/05.txt", Prefix = "logs/" });
        Assert.Equal(["logs/06.txt"], after.S3Objects!.Select(o => o.Key));
    }

    [Fact]
    public async Task Copy_range_get_and_multi_delete()
    {
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "src", ContentBody = "0123456789" });
        await _client.PutBucketAsync("other");
        var copy = await _client.CopyObjectAsync("data", "src", "other", "copied key");
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("0123456789"u8)) + "\"", copy.ETag);

        using var range = await _client.GetObjectAsync(new GetObjectRequest { BucketName = "other", Key = "copied key", ByteRange = new ByteRange(2, 4) });
        Assert.Equal("234", await new StreamReader(range.ResponseStream).ReadToEndAsync());
        Assert.Equal(HttpStatusCode.PartialContent, range.HttpStatusCode);

        var deleted = await _client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = "data",
            Objects = [new KeyVersion { Key = "src" }, new KeyVersion { Key = "never-existed" }],
        });
        Assert.Equal(["never-existed", "src"], deleted.DeletedObjects!.Select(d => d.Key).Order());
        var empty = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data" });
        Assert.True(empty.S3Objects is null or { Count: 0 });
    }

    [Fact]
    public async Task Multipart_upload_completes_with_S3s_etag()
    {
        var first = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var second = Encoding.UTF8.GetBytes("the end");
        var upload = await _client.InitiateMultipartUploadAsync("data", "big.bin");
        var p1 = await _client.UploadPartAsync(new UploadPartRequest { BucketName = "data", Key = "big.bin", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
        var p2 = await _client.UploadPartAsync(new UploadPartRequest { BucketName = "data", Key = "big.bin", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(second) });
        var done = await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "data",
            Key = "big.bin",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        });
        var expected = Convert.ToHexStringLower(MD5.HashData([.. MD5.HashData(first), .. MD5.HashData(second)]));
        Assert.Equal($"\"{expected}-2\"", done.ETag);
        var head = await _client.GetObjectMetadataAsync("data", "big.bin");
        Assert.Equal(first.Length + second.Length, head.ContentLength);

        var aborted = await _client.InitiateMultipartUploadAsync("data", "gone");
        await _client.AbortMultipartUploadAsync("data", "gone", aborted.UploadId);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = "data", Key = "gone", UploadId = aborted.UploadId, PartNumber = 1, InputStream = new MemoryStream(second),
        }));
        Assert.Equal("NoSuchUpload", error.ErrorCode);
    }

    [Fact]
    public async Task Errors_surface_as_the_SDK_surfaces_S3s()
    {
        var noKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.GetObjectAsync("data", "missing"));
        Assert.Equal(("NoSuchKey", HttpStatusCode.NotFound, "The specified key does not exist."), (noKey.ErrorCode, noKey.StatusCode, noKey.Message));
        var noBucket = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "nothere" }));
        Assert.Equal(("NoSuchBucket", HttpStatusCode.NotFound), (noBucket.ErrorCode, noBucket.StatusCode));
        var exists = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.PutBucketAsync("data"));
        Assert.Equal(("BucketAlreadyOwnedByYou", HttpStatusCode.Conflict), (exists.ErrorCode, exists.StatusCode));
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "k", ContentBody = "x" });
        var notEmpty = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.DeleteBucketAsync("data"));
        Assert.Equal("BucketNotEmpty", notEmpty.ErrorCode);
        var range = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _client.GetObjectAsync(new GetObjectRequest { BucketName = "data", Key = "k", ByteRange = new ByteRange(5, 9) }));
        Assert.Equal(("InvalidRange", HttpStatusCode.RequestedRangeNotSatisfiable), (range.ErrorCode, range.StatusCode));
        var buckets = await _client.ListBucketsAsync();
        Assert.Equal(["data"], buckets.Buckets!.Select(b => b.BucketName));
    }
}
