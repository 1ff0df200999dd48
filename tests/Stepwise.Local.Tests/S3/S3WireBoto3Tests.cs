using System.Text.Json.Nodes;
using Stepwise.Local.Tests.Interop;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.S3;

/// <summary>boto3 (the machine image's 1.43, which sends aws-chunked bodies with trailing CRC32 checksums) runs
/// <c>Interop/s3_interop.py</c> against the wire and prints what it saw.</summary>
public sealed class S3WireBoto3Tests(ITestOutputHelper output)
{
    [Fact]
    public async Task Boto3_puts_gets_lists_copies_uploads_in_parts_and_sees_S3s_errors()
    {
        var python = await Hosting.ImageTools.PythonWithBoto3Async();
        await using var server = await S3TestServer.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var result = await InteropProcess.RunAsync(python, [Path.Combine(InteropProcess.ScriptFolder, "s3_interop.py"), server.Uri.ToString(), run],
            TimeSpan.FromMinutes(3), InteropProcess.AwsEnvironment());
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = JsonNode.Parse(result.Stdout)!;

        Assert.Equal([$"interop-{run}"], Strings(seen["buckets"]));
        Assert.Equal("hello, boto3", (string?)seen["getBody"]);
        Assert.Equal("text/plain", (string?)seen["getContentType"]);
        Assert.Equal("ann", (string?)seen["getMetadata"]!["owner"]);
        Assert.Equal(12, (int)seen["headLength"]!);
        Assert.Equal("boto3", (string?)seen["rangeBody"]);
        Assert.Equal(["a key with spaces.txt", "ünïcödé/日本語 🚀+plus.json", "dots/../x", "trailing/"], Strings(seen["oddRoundTrip"]));
        Assert.Equal([["logs/00.txt", "logs/01.txt", "logs/02.txt"], ["logs/03.txt", "logs/04.txt", "logs/05.txt"], ["logs/06.txt"]],
            seen["pages"]!.AsArray().Select(Strings));
        Assert.Equal(["dots/", "logs/", "trailing/", "ünïcödé/"], Strings(seen["commonPrefixes"]));
        Assert.Equal(["a key with spaces.txt", "hello.txt"], Strings(seen["topKeys"]));
        Assert.Contains("ünïcödé/日本語 🚀+plus.json", Strings(seen["allKeys"]));
        Assert.Equal(["ünïcödé/日本語 🚀+plus.json"], Strings(seen["v1Keys"]));
        Assert.Equal("hello, boto3", (string?)seen["copyBody"]);
        Assert.Equal((string?)seen["bigExpectedETag"], (string?)seen["bigETag"]);
        Assert.True((bool)seen["bigRoundTrip"]!);
        Assert.Equal("only part", (string?)seen["manualBody"]);

        var errors = seen["errors"]!;
        Assert.Equal(("NoSuchKey", 404, "The specified key does not exist."), Error(errors["NoSuchKey"]));
        Assert.Equal(("404", 404), (Error(errors["HeadMissing"]).Code, Error(errors["HeadMissing"]).Status));
        Assert.Equal(("NoSuchBucket", 404), (Error(errors["NoSuchBucket"]).Code, Error(errors["NoSuchBucket"]).Status));
        Assert.Equal(("BucketAlreadyOwnedByYou", 409), (Error(errors["BucketAlreadyOwnedByYou"]).Code, Error(errors["BucketAlreadyOwnedByYou"]).Status));
        Assert.Equal(("BucketNotEmpty", 409), (Error(errors["BucketNotEmpty"]).Code, Error(errors["BucketNotEmpty"]).Status));
        Assert.Equal(("NoSuchUpload", 404), (Error(errors["NoSuchUpload"]).Code, Error(errors["NoSuchUpload"]).Status));
        Assert.Equal(("InvalidRange", 416), (Error(errors["InvalidRange"]).Code, Error(errors["InvalidRange"]).Status));

        Assert.Empty(seen["deleteErrors"]!.AsArray());
        Assert.Empty(seen["bucketsAfter"]!.AsArray());
    }

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => (string)n!)];

    private static (string Code, int Status, string? Message) Error(JsonNode? node)
    {
        Assert.True(node is not null, "the call succeeded");
        return ((string)node["code"]!, (int)node["status"]!, (string?)node["message"]);
    }
}
