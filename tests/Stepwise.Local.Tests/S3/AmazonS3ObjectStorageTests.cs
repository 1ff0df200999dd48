using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.S3;

/// <summary>The S3 port works whichever side serves it: a Step Functions whose <see cref="IObjectStorage"/> is
/// <see cref="AmazonS3ObjectStorage"/> over AWSSDK.S3 (pointed at a local cloud's host) runs distributed Map's ItemReader
/// and ResultWriter as one on <see cref="LocalS3"/> does, and fails with the same errors.</summary>
public sealed class AmazonS3ObjectStorageTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private const string Processor = """
        "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } }
        """;

    private readonly string _wireData = Directory.CreateTempSubdirectory("stepwise-s3-sdk-map-").FullName;
    private LocalCloudEnvironment _environment = null!;
    private AmazonS3Client _client = null!;
    private LocalStepFunctions _overTheWire = null!;

    private LocalS3 S3 => _environment.Cloud.S3;

    public async Task InitializeAsync()
    {
        _environment = await LocalCloudEnvironment.StartTemporaryAsync();
        _client = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
        {
            ServiceURL = _environment.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        _overTheWire = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            DataDirectory = _wireData,
            ObjectStorage = new AmazonS3ObjectStorage(_client),
        });
        await S3.CreateBucketAsync("items");
    }

    public async Task DisposeAsync()
    {
        await _overTheWire.DisposeAsync();
        _client.Dispose();
        await _environment.DisposeAsync();
        try
        {
            Directory.Delete(_wireData, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static async Task<DescribeExecutionOutput> RunAsync(LocalStepFunctions sfn, string definition, string input = "{}")
    {
        var machine = await sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = "map-" + Guid.NewGuid().ToString("N")[..8], Definition = definition, RoleArn = Role });
        var started = await sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Input = input });
        await sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(30));
        return await sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
    }

    private static string MapOver(string reader, string extra = "") =>
        $$"""{ "StartAt": "M", "States": { "M": { "Type": "Map", "ItemReader": {{reader}}, {{Processor}}, {{extra}} "End": true } } }""";

    private static void AssertSucceeded(DescribeExecutionOutput execution) =>
        Assert.True(execution.Status == "SUCCEEDED", $"{execution.Status}: {execution.Error}: {execution.Cause}");

    [Fact]
    public async Task A_JSON_array_is_read_and_the_results_are_written_back_through_the_SDK()
    {
        await S3.PutTextAsync("items", "in/items.json", """[{"n":1},{"n":2},{"n":3}]""");

        var execution = await RunAsync(_overTheWire, MapOver(
            """{ "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "JSON" }, "Parameters": { "Bucket": "items", "Key": "in/items.json" } }""",
            """ "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "items", "Prefix": "out" } }, """));

        AssertSucceeded(execution);
        var manifestKey = (string)JsonNode.Parse(execution.Output!)!["ResultWriterDetails"]!["Key"]!;
        Assert.StartsWith("out/", manifestKey);
        var manifest = JsonNode.Parse(await S3.GetTextAsync("items", manifestKey))!;
        var succeededFile = manifest["ResultFiles"]!["SUCCEEDED"]![0]!;
        var succeeded = await S3.GetTextAsync("items", (string)succeededFile["Key"]!);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(succeeded), (long)succeededFile["Size"]!);
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], JsonNode.Parse(succeeded)!.AsArray().Select(e => (string)e!["Output"]!));
    }

    [Fact]
    public async Task A_CSV_file_with_a_header_row_is_read_as_objects_through_the_SDK()
    {
        await S3.PutTextAsync("items", "people.csv", "name,age\nada,36\nalan,41\n", "text/csv");

        var execution = await RunAsync(_overTheWire, MapOver(
            """{ "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW" }, "Parameters": { "Bucket": "items", "Key": "people.csv" } }"""));

        AssertSucceeded(execution);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name":"ada","age":"36"},{"name":"alan","age":"41"}]"""), JsonNode.Parse(execution.Output!)), execution.Output);
    }

    [Fact]
    public async Task ListObjectsV2_items_match_what_local_S3_lists()
    {
        await S3.PutTextAsync("items", "in/a b.txt", "12345");
        await S3.PutTextAsync("items", "in/ü", "1");
        await S3.PutTextAsync("items", "other", "1");
        var definition = MapOver("""{ "Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": { "Bucket": "items", "Prefix": "in/" } }""");

        var wire = await RunAsync(_overTheWire, definition);
        var direct = await RunAsync(_environment.Cloud.StepFunctions, definition);

        AssertSucceeded(wire);
        var items = JsonNode.Parse(wire.Output!)!.AsArray();
        Assert.Equal(["in/a b.txt", "in/ü"], items.Select(i => (string)i!["Key"]!));
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("12345"u8)) + "\"", (string?)items[0]!["Etag"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(direct.Output!), items), $"direct {direct.Output}\nwire   {wire.Output}");
    }

    [Fact]
    public async Task A_missing_key_fails_the_reader_with_the_same_error_and_cause_as_local_S3()
    {
        var definition = MapOver("""{ "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "JSON" }, "Parameters": { "Bucket": "items", "Key": "missing.json" } }""");

        var wire = await RunAsync(_overTheWire, definition);
        var direct = await RunAsync(_environment.Cloud.StepFunctions, definition);

        Assert.Equal("FAILED", wire.Status);
        Assert.Equal("States.ItemReaderFailed", wire.Error);
        Assert.Equal("S3.NoSuchKey: The specified key does not exist. (Bucket: items, Key: missing.json)", wire.Cause);
        Assert.Equal((direct.Status, direct.Error, direct.Cause), (wire.Status, wire.Error, wire.Cause));
    }

    [Fact]
    public async Task Writing_results_to_a_missing_bucket_fails_the_writer_as_with_local_S3()
    {
        var definition = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "nowhere", "Prefix": "out" } },
              "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } }, "End": true } } }
            """;

        var wire = await RunAsync(_overTheWire, definition, "[1, 2]");
        var direct = await RunAsync(_environment.Cloud.StepFunctions, definition, "[1, 2]");

        const string Expected = "S3.NoSuchBucket: The specified bucket does not exist (Bucket: nowhere, Key: out/";
        Assert.Equal(("FAILED", "States.ResultWriterFailed"), (wire.Status, wire.Error));
        Assert.StartsWith(Expected, wire.Cause);
        Assert.Equal((direct.Status, direct.Error), (wire.Status, wire.Error));
        Assert.StartsWith(Expected, direct.Cause);
    }

    [Fact]
    public async Task A_ranged_get_reports_the_satisfied_range_and_the_objects_size()
    {
        await S3.PutTextAsync("items", "digits", "0123456789");
        var storage = new AmazonS3ObjectStorage(_client);

        await using var content = await storage.GetObjectAsync("items", "digits", new ByteRange(2, 4));

        Assert.Equal(new ByteRange(2, 4), content.Range);
        Assert.Equal(10, content.Info.Size);
        Assert.Equal(3, content.Length);
        Assert.Equal("234", await new StreamReader(content.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task SDK_errors_become_S3Exceptions_with_local_S3s_code_message_and_status()
    {
        var storage = new AmazonS3ObjectStorage(_client);

        var wire = await Assert.ThrowsAsync<S3Exception>(() => storage.GetObjectAsync("nowhere", "k"));
        var direct = await Assert.ThrowsAsync<S3Exception>(() => S3.GetObjectAsync("nowhere", "k"));

        Assert.Equal((direct.ErrorCode, direct.Message, direct.StatusCode), (wire.ErrorCode, wire.Message, wire.StatusCode));
    }
}
