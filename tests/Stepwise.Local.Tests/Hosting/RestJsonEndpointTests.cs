using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Lambda;
using Stepwise.Local.Hosting;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>The restJson1 server side, over a fake Lambda port: our Lambda client and raw HTTP see URI labels, query
/// parameters, headers, payloads and status codes travel both ways, and errors in Lambda's shape.</summary>
public sealed class RestJsonEndpointTests : IAsyncLifetime
{
    private readonly FakeLambda _lambda = new();
    private LocalCloudHost _host = null!;
    private AwsClients _clients = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudHost.StartAsync([FakeLambdaEndpoint(_lambda)]);
        _clients = AwsClients.Create(new AwsClientOptions { EndpointUrl = _host.Uri, Region = "us-east-1", Credentials = new BasicAWSCredentials("a", "b") });
        _http = new HttpClient { BaseAddress = _host.Uri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _clients.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>A fake Lambda served as the local cloud serves its own.</summary>
    internal static ServiceEndpoint FakeLambdaEndpoint(ILambda port) => LocalCloudServices.Lambda(port);

    [Fact]
    public async Task Invoke_carries_the_payload_as_the_raw_body_and_headers_both_ways()
    {
        var payload = Encoding.UTF8.GetBytes("""{"n":1,"text":"héllo"}""");

        var output = await _clients.Lambda.InvokeAsync(new InvocationRequest { FunctionName = "echo", Payload = payload, LogType = "Tail" });

        Assert.Equal(200, output.StatusCode);
        Assert.Equal(payload, output.Payload);
        Assert.Equal("$LATEST", output.ExecutedVersion);
        Assert.Null(output.FunctionError);
        Assert.Equal($"START echo\nEND echo ({payload.Length} bytes)", Encoding.UTF8.GetString(Convert.FromBase64String(output.LogResult!)));
        Assert.Equal(("echo", "Tail"), (_lambda.LastInvoke!.FunctionName, _lambda.LastInvoke.LogType));
        Assert.Equal(payload, _lambda.LastInvoke.Payload);
    }

    [Fact]
    public async Task A_function_error_travels_in_X_Amz_Function_Error_with_a_200()
    {
        var output = await _clients.Lambda.InvokeAsync(new InvocationRequest { FunctionName = "fail", Payload = "{}"u8.ToArray() });

        Assert.Equal((200, "Unhandled"), (output.StatusCode, output.FunctionError));
        Assert.Equal("Boom", (string?)JsonNode.Parse(output.Payload!)!["errorType"]);
    }

    [Fact]
    public async Task The_status_code_member_sets_the_HTTP_status()
    {
        var output = await _clients.Lambda.InvokeAsync(new InvocationRequest { FunctionName = "echo", InvocationType = "Event", Payload = "{}"u8.ToArray() });

        Assert.Equal(202, output.StatusCode);
        Assert.Equal("Event", _lambda.LastInvoke!.InvocationType);
    }

    [Fact]
    public async Task URI_labels_are_percent_decoded_and_query_parameters_bound()
    {
        const string arn = "arn:aws:lambda:us-east-1:123456789012:function:echo";

        var output = await _clients.Lambda.InvokeAsync(new InvocationRequest { FunctionName = arn, Qualifier = "7", Payload = "[1,2]"u8.ToArray() });

        Assert.Equal("7", output.ExecutedVersion);
        Assert.Equal((arn, "7"), (_lambda.LastInvoke!.FunctionName, _lambda.LastInvoke.Qualifier));
    }

    [Fact]
    public async Task GetFunction_answers_a_JSON_body_with_maps_and_structures()
    {
        var function = await _clients.Lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "echo", Qualifier = "$LATEST" });

        Assert.Equal(("echo", 256), (function.Configuration!.FunctionName, function.Configuration.MemorySize));
        Assert.Equal("ml", function.Tags!["team"]);
        Assert.Equal("$LATEST", _lambda.LastGet!.Qualifier);
    }

    [Fact]
    public async Task ListFunctions_types_its_query_parameters()
    {
        var first = await _clients.Lambda.ListFunctionsAsync(new ListFunctionsRequest { MaxItems = 2 });
        var second = await _clients.Lambda.ListFunctionsAsync(new ListFunctionsRequest { MaxItems = 2, Marker = first.NextMarker });

        Assert.Equal(["echo", "fail"], first.Functions!.Select(f => f.FunctionName));
        Assert.Equal(["alpha", "beta"], second.Functions!.Select(f => f.FunctionName));
        Assert.Equal((2, "2"), (_lambda.LastList!.MaxItems, _lambda.LastList.Marker));
    }

    [Fact]
    public async Task The_ports_errors_reach_the_client_with_their_code_status_and_message()
    {
        var error = await Assert.ThrowsAsync<LambdaException>(() => _clients.Lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "missing" }));

        Assert.Equal((LambdaErrorCodes.ResourceNotFoundException, 404), (error.ErrorCode, error.StatusCode));
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing", error.Message);
    }

    [Fact]
    public async Task Errors_are_written_as_Lambda_writes_them()
    {
        using var response = await _http.GetAsync("/2015-03-31/functions/missing");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("User", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing"), ((string?)body["Type"], (string?)body["Message"]));
    }

    [Theory]
    [InlineData("GET", "/2015-03-31/functions/echo/nothing-here")]
    [InlineData("GET", "/2015-03-31/functionsx")]
    [InlineData("PATCH", "/2015-03-31/functions/echo")]
    [InlineData("GET", "/2015-03-31/functions/echo/invocations")]
    public async Task A_request_no_operation_matches_is_UnknownOperationException_404(string method, string path)
    {
        var (status, code, message) = await SendAsync(new HttpMethod(method), path);

        Assert.Equal((404, "UnknownOperationException"), (status, code));
        Assert.Contains(path, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/2015-03-31/functions/?MaxItems=abc", "query parameter MaxItems")]
    [InlineData("/2015-03-31/functions/?MaxItems=1.5", "query parameter MaxItems")]
    [InlineData("/2015-03-31/functions/?MaxItems=99999999999", "query parameter MaxItems")]
    [InlineData("/2015-03-31/functions/?Marker=%zz", "query string")]
    [InlineData("/2015-03-31/functions/ec%G0ho", "URI label {FunctionName}")]
    [InlineData("/2015-03-31/functions/%C3%28", "URI label {FunctionName}")]
    public async Task Malformed_labels_and_query_parameters_are_a_400_ValidationException(string path, string where)
    {
        var (status, code, message) = await SendAsync(HttpMethod.Get, path);

        Assert.Equal((400, "ValidationException"), (status, code));
        Assert.Contains(where, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"FunctionName":"f","MemorySize":"lots"}""", "memorySize", "number")]
    [InlineData("""{"FunctionName":"f","Environment":{"Variables":{"A":1}}}""", "environment.variables", "string")]
    [InlineData("""{"FunctionName":"f","Layers":"one"}""", "layers", "list")]
    public async Task A_member_of_the_wrong_type_in_the_JSON_body_is_a_ValidationException_naming_it(string body, string path, string type)
    {
        using var response = await _http.PutAsync("/2015-03-31/functions/f/configuration", new StringContent(body));
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Message"];

        Assert.Equal((400, "ValidationException"), ((int)response.StatusCode, response.Headers.GetValues("x-amzn-ErrorType").Single()));
        Assert.StartsWith($"1 validation error detected: Value at '{path}", message, StringComparison.Ordinal);
        Assert.EndsWith($"Member must be of type {type}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_Lambdas_InvalidRequestContentException()
    {
        using var response = await _http.PostAsync("/2015-03-31/functions", new StringContent("{not json"));

        Assert.Equal((400, "InvalidRequestContentException"), ((int)response.StatusCode, response.Headers.GetValues("x-amzn-ErrorType").Single()));
    }

    [Fact]
    public async Task A_trailing_slash_and_an_encoded_slash_in_a_label_keep_the_route()
    {
        using var response = await _http.GetAsync("/2015-03-31/functions/a%2Fb");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("a/b", _lambda.LastGet!.FunctionName);
    }

    [Fact]
    public async Task A_header_bound_member_is_read_from_its_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/echo/invocations") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "Event");
        request.Headers.TryAddWithoutValidation("X-Amz-Client-Context", "eyJ4IjoxfQ==");

        using var response = await _http.SendAsync(request);

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal(("Event", "eyJ4IjoxfQ=="), (_lambda.LastInvoke!.InvocationType, _lambda.LastInvoke.ClientContext));
    }

    private async Task<(int Status, string? Code, string Message)> SendAsync(HttpMethod method, string path)
    {
        // Exactly these bytes: no canonicalization of a bad escape into %25.
        var uri = new Uri(_host.Uri.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var response = await _http.SendAsync(new HttpRequestMessage(method, uri));
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(body)!;
        return ((int)response.StatusCode, response.Headers.TryGetValues("x-amzn-ErrorType", out var codes) ? codes.Single() : null, (string?)json["Message"] ?? body);
    }
}
