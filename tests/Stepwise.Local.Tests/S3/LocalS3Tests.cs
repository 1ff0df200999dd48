using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Stepwise.Local.S3;

namespace Stepwise.Local.Tests.S3;

public sealed class LocalS3Tests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stepwise-s3-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
    private readonly LocalS3 _s3;

    public LocalS3Tests() => _s3 = new LocalS3(_root, _time);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<LocalS3> WithBucketAsync(string bucket = "data")
    {
        await _s3.CreateBucketAsync(bucket);
        return _s3;
    }

    [Fact]
    public async Task Put_then_get_returns_the_bytes_the_md5_etag_and_the_metadata()
    {
        await WithBucketAsync();
        var info = await _s3.PutObjectAsync("data", "a/b.txt", new MemoryStream("hello"u8.ToArray()), new PutObjectOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["Owner"] = "ann" },
            Headers = new Dictionary<string, string> { ["Cache-Control"] = "no-cache" },
        });
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("hello"u8)) + "\"", info.ETag);
        Assert.Equal(_time.GetUtcNow(), info.LastModified);

        Assert.Equal("hello", await _s3.GetTextAsync("data", "a/b.txt"));
        var head = await _s3.HeadObjectAsync("data", "a/b.txt");
        Assert.Equal(5, head.Size);
        Assert.Equal("text/plain", head.ContentType);
        Assert.Equal("ann", head.Metadata["owner"]);
        Assert.Equal("no-cache", head.Headers["Cache-Control"]);
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("/leading/slash")]
    [InlineData("folder/")]
    [InlineData("a//b/./c/..")]
    [InlineData("spaces and ünïcödé 🚀.txt")]
    [InlineData("back\\slash:colon*star?")]
    [InlineData("CASE")]
    public async Task Keys_with_any_characters_round_trip_and_stay_inside_the_bucket(string key)
    {
        await WithBucketAsync();
        await _s3.PutTextAsync("data", key, key);
        await _s3.PutTextAsync("data", key.ToLowerInvariant() + "x", "other");
        Assert.Equal(key, await _s3.GetTextAsync("data", key));
        var files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToList();
        Assert.All(files, f => Assert.StartsWith(Path.Combine(_root, "data") + Path.DirectorySeparatorChar, f));
        Assert.Contains(key, await _s3.ListAllAsync("data").Select(o => o.Key).ToListAsync());
    }

    [Fact]
    public async Task A_key_of_1024_bytes_is_stored_and_one_of_1025_is_refused()
    {
        await WithBucketAsync();
        var longest = new string('é', 512);
        await _s3.PutTextAsync("data", longest, "x");
        Assert.Equal("x", await _s3.GetTextAsync("data", longest));
        var error = await Assert.ThrowsAsync<S3Exception>(() => _s3.PutTextAsync("data", longest + "a", "x"));
        Assert.Equal("KeyTooLongError", error.ErrorCode);
        await _s3.DeleteObjectAsync("data", longest);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "data", "objects")));
    }

    [Fact]
    public async Task Missing_buckets_and_keys_are_S3_errors_with_S3_wording()
    {
        var noBucket = await Assert.ThrowsAsync<S3Exception>(() => _s3.GetObjectAsync("nope", "k"));
        Assert.Equal(("NoSuchBucket", 404, "The specified bucket does not exist"), (noBucket.ErrorCode, noBucket.StatusCode, noBucket.Message));
        Assert.Equal("nope", noBucket.Detail("BucketName"));

        await WithBucketAsync();
        var noKey = await Assert.ThrowsAsync<S3Exception>(() => _s3.HeadObjectAsync("data", "k"));
        Assert.Equal(("NoSuchKey", 404, "The specified key does not exist."), (noKey.ErrorCode, noKey.StatusCode, noKey.Message));
        Assert.Equal("k", noKey.Detail("Key"));

        Assert.Equal("InvalidBucketName", (await Assert.ThrowsAsync<S3Exception>(() => _s3.CreateBucketAsync("Bad_Name"))).ErrorCode);
        Assert.Equal("BucketAlreadyOwnedByYou", (await Assert.ThrowsAsync<S3Exception>(() => _s3.CreateBucketAsync("data"))).ErrorCode);
    }

    [Fact]
    public async Task Buckets_are_listed_by_name_and_only_empty_ones_can_be_deleted()
    {
        await _s3.CreateBucketAsync("zeta");
        await _s3.CreateBucketAsync("alpha");
        Assert.Equal(["alpha", "zeta"], (await _s3.ListBucketsAsync()).Select(b => b.Name));
        await _s3.PutTextAsync("zeta", "k", "v");
        var error = await Assert.ThrowsAsync<S3Exception>(() => _s3.DeleteBucketAsync("zeta"));
        Assert.Equal(("BucketNotEmpty", 409), (error.ErrorCode, error.StatusCode));
        await _s3.DeleteObjectAsync("zeta", "k");
        await _s3.DeleteBucketAsync("zeta");
        Assert.Equal(["alpha"], (await _s3.ListBucketsAsync()).Select(b => b.Name));
        await Assert.ThrowsAsync<S3Exception>(() => _s3.HeadBucketAsync("zeta"));
    }

    [Fact]
    public async Task Deleting_a_missing_key_succeeds_and_multi_delete_reports_per_key()
    {
        await WithBucketAsync();
        await _s3.DeleteObjectAsync("data", "never");
        await _s3.PutTextAsync("data", "a", "1");
        var result = await _s3.DeleteObjectsAsync("data", ["a", "b", new string('x', 2000)]);
        Assert.Equal(["a", "b"], result.Deleted);
        Assert.Equal("KeyTooLongError", Assert.Single(result.Errors).Code);
        Assert.Empty(await _s3.ListAllAsync("data").ToListAsync());
    }

    [Fact]
    public async Task Ranges_follow_HTTP_and_an_unsatisfiable_one_is_InvalidRange()
    {
        await WithBucketAsync();
        await _s3.PutTextAsync("data", "k", "0123456789");
        async Task<string> Read(ByteRange range)
        {
            await using var content = await _s3.GetObjectAsync("data", "k", range);
            return await new StreamReader(content.Content).ReadToEndAsync();
        }
        Assert.Equal("234", await Read(ByteRange.ParseHeader("bytes=2-4")!.Value));
        Assert.Equal("789", await Read(ByteRange.ParseHeader("bytes=-3")!.Value));
        Assert.Equal("89", await Read(ByteRange.ParseHeader("bytes=8-")!.Value));
        Assert.Equal("89", await Read(ByteRange.ParseHeader("bytes=8-100")!.Value));
        Assert.Null(ByteRange.ParseHeader("bytes=1-2,4-5"));
        Assert.Null(ByteRange.ParseHeader("items=1-2"));
        var error = await Assert.ThrowsAsync<S3Exception>(() => Read(ByteRange.ParseHeader("bytes=10-")!.Value));
        Assert.Equal(("InvalidRange", 416), (error.ErrorCode, error.StatusCode));
    }

    [Fact]
    public async Task Listing_is_in_UTF8_binary_order_with_common_prefixes_and_pages()
    {
        await WithBucketAsync();
        // UTF-16 order would put U+1F600 (surrogates, 0xD83D…) before U+FF5E; UTF-8 byte order (F0… after EF…) puts it after.
        string[] keys = ["a", "a/1", "a/2", "b", "b/x/1", "c\uFF5E", "c\U0001F600", "d/"];
        foreach (var key in keys.Reverse()) await _s3.PutTextAsync("data", key, key);

        var all = await _s3.ListAllAsync("data").Select(o => o.Key).ToListAsync();
        Assert.Equal(["a", "a/1", "a/2", "b", "b/x/1", "c\uFF5E", "c\U0001F600", "d/"], all);

        var grouped = await _s3.ListObjectsV2Async(new ListObjectsV2Request { Bucket = "data", Delimiter = "/" });
        Assert.Equal(["a", "b", "c\uFF5E", "c\U0001F600"], grouped.Contents.Select(c => c.Key));
        Assert.Equal(["a/", "b/", "d/"], grouped.CommonPrefixes);

        var pages = new List<string[]>();
        string? token = null;
        do
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { Bucket = "data", Delimiter = "/", MaxKeys = 2, ContinuationToken = token });
            pages.Add([.. page.Contents.Select(c => c.Key), .. page.CommonPrefixes]);
            Assert.Equal(page.NextContinuationToken is not null, page.IsTruncated);
            token = page.NextContinuationToken;
        }
        while (token is not null);
        Assert.Equal([["a", "a/"], ["b", "b/"], ["c\uFF5E", "c\U0001F600"], ["d/"]], pages);

        var after = await _s3.ListObjectsV2Async(new ListObjectsV2Request { Bucket = "data", Prefix = "a", StartAfter = "a/1" });
        Assert.Equal(["a/2"], after.Contents.Select(c => c.Key));
        Assert.Equal("InvalidArgument", (await Assert.ThrowsAsync<S3Exception>(() =>
            _s3.ListObjectsV2Async(new ListObjectsV2Request { Bucket = "data", ContinuationToken = "garbage!" }))).ErrorCode);
    }

    [Fact]
    public async Task Copy_keeps_or_replaces_metadata_and_copying_onto_itself_needs_REPLACE()
    {
        await WithBucketAsync();
        await _s3.PutObjectAsync("data", "src", new MemoryStream("x"u8.ToArray()), new PutObjectOptions { ContentType = "text/csv", Metadata = new Dictionary<string, string> { ["a"] = "1" } });
        await _s3.CopyObjectAsync("data", "src", "data", "kept");
        var kept = await _s3.HeadObjectAsync("data", "kept");
        Assert.Equal(("text/csv", "1"), (kept.ContentType, kept.Metadata["a"]));
        await _s3.CopyObjectAsync("data", "src", "data", "replaced", new PutObjectOptions { ContentType = "text/plain" });
        var replaced = await _s3.HeadObjectAsync("data", "replaced");
        Assert.Equal("text/plain", replaced.ContentType);
        Assert.Empty(replaced.Metadata);
        Assert.Equal("InvalidRequest", (await Assert.ThrowsAsync<S3Exception>(() => _s3.CopyObjectAsync("data", "src", "data", "src"))).ErrorCode);
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAsync<S3Exception>(() => _s3.CopyObjectAsync("data", "none", "data", "x"))).ErrorCode);
    }

    [Fact]
    public async Task Multipart_upload_joins_parts_with_S3s_etag()
    {
        await WithBucketAsync();
        var first = RandomNumberGenerator.GetBytes((int)LocalS3.MinPartSize);
        var second = "tail"u8.ToArray();
        var id = await _s3.CreateMultipartUploadAsync("data", "big", new PutObjectOptions { ContentType = "application/x-tar" });
        var e1 = await _s3.UploadPartAsync("data", "big", id, 1, new MemoryStream(first));
        var e2 = await _s3.UploadPartAsync("data", "big", id, 2, new MemoryStream(second));
        var info = await _s3.CompleteMultipartUploadAsync("data", "big", id, [new(1, e1), new(2, e2)]);

        var expected = Convert.ToHexStringLower(MD5.HashData([.. MD5.HashData(first), .. MD5.HashData(second)]));
        Assert.Equal($"\"{expected}-2\"", info.ETag);
        Assert.Equal(first.Length + second.Length, info.Size);
        await using var content = await _s3.GetObjectAsync("data", "big", ByteRange.Suffix(4));
        Assert.Equal("tail", await new StreamReader(content.Content).ReadToEndAsync());
        Assert.Equal("application/x-tar", content.Info.ContentType);
        Assert.Equal("NoSuchUpload", (await Assert.ThrowsAsync<S3Exception>(() => _s3.AbortMultipartUploadAsync("data", "big", id))).ErrorCode);
    }

    [Fact]
    public async Task Multipart_completion_checks_order_etags_and_part_sizes()
    {
        await WithBucketAsync();
        var id = await _s3.CreateMultipartUploadAsync("data", "k");
        var e1 = await _s3.UploadPartAsync("data", "k", id, 1, new MemoryStream("small"u8.ToArray()));
        var e2 = await _s3.UploadPartAsync("data", "k", id, 2, new MemoryStream("x"u8.ToArray()));
        async Task<string> Code(params CompletedPart[] parts) =>
            (await Assert.ThrowsAsync<S3Exception>(() => _s3.CompleteMultipartUploadAsync("data", "k", id, parts))).ErrorCode;
        Assert.Equal("InvalidPartOrder", await Code(new(2, e2), new(1, e1)));
        Assert.Equal("InvalidPart", await Code(new CompletedPart(1, "\"00000000000000000000000000000000\"")));
        Assert.Equal("InvalidPart", await Code(new CompletedPart(3, e1)));
        Assert.Equal("EntityTooSmall", await Code(new(1, e1), new(2, e2)));
        Assert.Equal("MalformedXML", await Code());
        Assert.Equal("InvalidArgument", (await Assert.ThrowsAsync<S3Exception>(() => _s3.UploadPartAsync("data", "k", id, 10001, Stream.Null))).ErrorCode);
        Assert.Equal("NoSuchUpload", (await Assert.ThrowsAsync<S3Exception>(() => _s3.UploadPartAsync("data", "k", "../../etc", 1, Stream.Null))).ErrorCode);
        Assert.Equal("NoSuchUpload", (await Assert.ThrowsAsync<S3Exception>(() => _s3.UploadPartAsync("data", "other-key", id, 1, Stream.Null))).ErrorCode);

        var single = await _s3.CompleteMultipartUploadAsync("data", "k", id, [new(2, e2)]);
        Assert.EndsWith("-1\"", single.ETag);
        Assert.Equal("x", await _s3.GetTextAsync("data", "k"));
    }

    [Fact]
    public async Task A_wrong_Content_MD5_is_BadDigest_and_leaves_the_old_object()
    {
        await WithBucketAsync();
        await _s3.PutTextAsync("data", "k", "old");
        var error = await Assert.ThrowsAsync<S3Exception>(() => _s3.PutObjectAsync("data", "k", new MemoryStream("new"u8.ToArray()),
            new PutObjectOptions { ContentMd5 = Convert.ToBase64String(MD5.HashData("other"u8)) }));
        Assert.Equal("BadDigest", error.ErrorCode);
        Assert.Equal("old", await _s3.GetTextAsync("data", "k"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "data", "tmp")));
    }

    [Fact]
    public async Task Concurrent_puts_to_one_key_are_atomic_readers_see_one_whole_version()
    {
        await WithBucketAsync();
        var versions = Enumerable.Range(0, 16).Select(i => new string((char)('a' + i), 200_000 + i)).ToArray();
        await _s3.PutTextAsync("data", "k", versions[0]);
        var writers = versions.Select(v => Task.Run(() => _s3.PutTextAsync("data", "k", v)));
        var readers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            await using var content = await _s3.GetObjectAsync("data", "k");
            var text = await new StreamReader(content.Content).ReadToEndAsync();
            return (text, content.Info.ETag);
        })).ToList();
        await Task.WhenAll(writers);
        foreach (var (text, eTag) in await Task.WhenAll(readers))
        {
            Assert.Contains(text, versions);
            Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))) + "\"", eTag);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "data", "tmp")));
    }

    [Fact]
    public async Task Objects_survive_a_new_instance_over_the_same_folder()
    {
        await WithBucketAsync();
        await _s3.PutTextAsync("data", "k", Encoding.UTF8.GetString(new byte[] { 0x41 }));
        var reopened = new LocalS3(_root);
        Assert.Equal("A", await reopened.GetTextAsync("data", "k"));
        Assert.Equal(["data"], (await reopened.ListBucketsAsync()).Select(b => b.Name));
    }
}
