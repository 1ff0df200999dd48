using System.Security.Cryptography;
using Stepwise.Local.S3;
using Stepwise.Local.Tests.Runtime;

namespace Stepwise.Local.Tests.S3;

/// <summary>Distributed Map reads and writes local S3 through <see cref="IObjectStorage"/>; S3's errors reach the
/// execution as Step Functions names them (<c>States.ItemReaderFailed</c> with an <c>S3.*</c> cause).</summary>
public sealed class DistributedMapS3Tests
{
    private const string Processor = """
        "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } }
        """;

    private static Harness NewHarness() => new() { ObjectRoot = Directory.CreateTempSubdirectory("stepwise-s3-map-").FullName };

    [Fact]
    public async Task ListObjectsV2_items_carry_the_objects_etag_size_and_key()
    {
        var harness = NewHarness();
        await harness.S3!.CreateBucketAsync("items");
        await harness.S3.PutTextAsync("items", "in/a b.txt", "12345");
        await harness.S3.PutTextAsync("items", "in/ü", "1");
        await harness.S3.PutTextAsync("items", "other", "1");
        var run = await harness.RunAsync(Harness.Definition("M", $$"""
            "M": { "Type": "Map", "ItemReader": { "Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": { "Bucket": "items", "Prefix": "in/" } },
                   {{Processor}}, "End": true }
            """));
        Assert.Equal("SUCCEEDED", run.Outcome.Status);
        var items = run.Output!.AsArray();
        Assert.Equal(["in/a b.txt", "in/ü"], items.Select(i => (string)i!["Key"]!));
        Assert.Equal(5, (int)items[0]!["Size"]!);
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("12345"u8)) + "\"", (string?)items[0]!["Etag"]);
    }

    [Fact]
    public async Task A_missing_object_fails_the_reader_with_S3s_NoSuchKey()
    {
        var harness = NewHarness();
        await harness.S3!.CreateBucketAsync("items");
        var run = await harness.RunAsync(Harness.Definition("M", $$"""
            "M": { "Type": "Map", "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "JSON" },
                   "Parameters": { "Bucket": "items", "Key": "missing.json" } }, {{Processor}}, "End": true }
            """));
        run.AssertFailed("States.ItemReaderFailed", "S3.NoSuchKey: The specified key does not exist. (Bucket: items, Key: missing.json)");
    }

    [Fact]
    public async Task Writing_results_to_a_missing_bucket_fails_the_writer_with_S3s_NoSuchBucket()
    {
        var harness = NewHarness();
        var run = await harness.RunAsync(Harness.Definition("M", $$"""
            "M": { "Type": "Map", {{Processor}},
                   "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "nowhere", "Prefix": "out" } }, "End": true }
            """), "[1, 2]");
        run.AssertFailed("States.ResultWriterFailed", "S3.NoSuchBucket: The specified bucket does not exist (Bucket: nowhere, Key: out/");
    }
}
