using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.Protocols;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests.Protocols;

public sealed class RestJsonCodecTests
{
    [Fact]
    public async Task Labels_query_headers_and_a_blob_payload_travel_where_the_model_binds_them()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("{\"ok\":1}"u8.ToArray()) };
            response.Headers.Add("X-Amz-Function-Error", "Unhandled");
            response.Headers.Add("X-Amz-Executed-Version", "$LATEST");
            return response;
        });
        using var client = TestClients.Client(handler);

        var output = await client.SendAsync(LambdaOperations.Invoke, new InvocationRequest
        {
            FunctionName = "my fn:alias",
            Qualifier = "v/1",
            InvocationType = "RequestResponse",
            Payload = "{\"x\":1}"u8.ToArray(),
        });

        var request = handler.Requests.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2015-03-31/functions/my%20fn%3Aalias/invocations", request.Uri.AbsolutePath);
        Assert.Equal("?Qualifier=v%2F1", request.Uri.Query);
        Assert.Equal("RequestResponse", request.Headers["X-Amz-Invocation-Type"]);
        Assert.Equal("{\"x\":1}", request.Body);
        Assert.Equal(200, output.StatusCode);
        Assert.Equal("Unhandled", output.FunctionError);
        Assert.Equal("$LATEST", output.ExecutedVersion);
        Assert.Equal("{\"ok\":1}", Encoding.UTF8.GetString(output.Payload!));
    }

    [Fact]
    public async Task A_GET_sends_members_in_the_query_and_reads_the_JSON_body()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"Functions":[{"FunctionName":"f","MemorySize":128}],"NextMarker":"n"}""");
        using var client = TestClients.Client(handler);

        var output = await client.SendAsync(LambdaOperations.ListFunctions, new ListFunctionsRequest { MaxItems = 5, Marker = "m 1" });

        var request = handler.Requests.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/2015-03-31/functions", request.Uri.AbsolutePath);
        Assert.Equal("?Marker=m%201&MaxItems=5", request.Uri.Query);
        Assert.Equal("", request.Body);
        Assert.Equal("f", output.Functions!.Single().FunctionName);
        Assert.Equal("n", output.NextMarker);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Errors_come_from_the_error_type_header_or_the_body(bool header)
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = FakeHandler.Response(HttpStatusCode.NotFound,
                header ? """{"Message":"Function not found: f"}""" : """{"code":"ResourceNotFoundException","message":"Function not found: f"}""");
            if (header)
                response.Headers.Add("x-amzn-ErrorType", "ResourceNotFoundException");
            return response;
        });
        using var client = TestClients.Client(handler);

        var error = await Assert.ThrowsAsync<LambdaException>(() => client.SendAsync(LambdaOperations.GetFunction, new GetFunctionRequest { FunctionName = "f" }));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("Function not found: f", error.Message);
        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public void A_missing_label_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => RestJsonCodec.Instance.CreateRequest(LambdaOperations.GetFunction,
            new GetFunctionRequest { FunctionName = null! }, new Uri("https://example.test")));
        Assert.Contains("FunctionName", error.Message, StringComparison.Ordinal);
    }

    // A made-up operation for what our services' models do not use: greedy labels, header maps, structure payloads.
    private static readonly JsonSerializerOptions Json = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver(), DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly ServiceDescriptor Service = new("Things", "things", "things", "2020-01-01", AwsProtocol.RestJson1, null, null, false, Json,
        static (code, message, status) => new AwsServiceException(code, message, status));

    private static readonly OperationDescriptor<object, PutThingInput, PutThingOutput> PutThing = new(
        Service, "PutThing", "PUT", "/buckets/{Bucket}/{Key+}?tagging", 201, null,
        [new("Bucket", MemberLocation.Uri, "Bucket"), new("Key", MemberLocation.Uri, "Key"), new("Meta", MemberLocation.Headers, "X-Meta-"),
         new("Since", MemberLocation.Header, "If-Modified-Since"), new("Ids", MemberLocation.QueryString, "id"), new("Thing", MemberLocation.Payload)],
        [new("Created", MemberLocation.Header, "X-Created"), new("Count", MemberLocation.Header, "X-Count"), new("Meta", MemberLocation.Headers, "X-Meta-"),
         new("Status", MemberLocation.StatusCode), new("Thing", MemberLocation.Payload)],
        [], static (_, _, _) => throw new NotSupportedException());

    public sealed record Thing(string Name, int Size);

    public sealed record PutThingInput(string Bucket, string Key, IReadOnlyDictionary<string, string>? Meta, DateTimeOffset? Since, IReadOnlyList<string>? Ids, Thing? Thing);

    public sealed record PutThingOutput(DateTimeOffset? Created, long? Count, IReadOnlyDictionary<string, string>? Meta, int? Status, Thing? Thing);

    [Fact]
    public async Task Greedy_labels_keep_slashes_and_header_maps_structure_payloads_and_timestamps_round_trip()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = FakeHandler.Response(HttpStatusCode.Created, """{"Name":"n","Size":2}""");
            response.Headers.Add("X-Created", "Sun, 30 Aug 2015 12:36:00 GMT");
            response.Headers.Add("X-Count", "42");
            response.Headers.Add("X-Meta-Color", "blue");
            return response;
        });
        using var client = TestClients.Client(handler);

        var output = await client.SendAsync(PutThing, new PutThingInput("b", "a/b c/d", new Dictionary<string, string> { ["Color"] = "red" },
            TestClients.SuiteTime, ["1", "2"], new Thing("n", 1)));

        var request = handler.Requests.Single();
        Assert.Equal("/buckets/b/a/b%20c/d", request.Uri.AbsolutePath);
        Assert.Equal("?tagging&id=1&id=2", request.Uri.Query);
        Assert.Equal("red", request.Headers["X-Meta-Color"]);
        Assert.Equal("Sun, 30 Aug 2015 12:36:00 GMT", request.Headers["If-Modified-Since"]);
        Assert.Equal(new JsonObject { ["Name"] = "n", ["Size"] = 1 }.ToJsonString(), request.Body);
        Assert.Equal(new PutThingOutput(TestClients.SuiteTime, 42, new Dictionary<string, string> { ["Color"] = "blue" }, 201, new Thing("n", 2)) with { Meta = output.Meta }, output);
        Assert.Equal("blue", output.Meta!["Color"]);
    }
}
