using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Local.Hosting;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Host;

public sealed class StepFunctionsHostTests : IAsyncLifetime
{
    private const string Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""";
    private readonly FakeStepFunctions fake = new();
    private readonly HttpClient http = new();
    private LocalCloudHost host = null!;

    public async Task InitializeAsync() => host = await LocalCloudHost.StartAsync(fake);

    public async Task DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(string? target, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Uri) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        if (target is not null)
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc");
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject(), response);
    }

    private async Task<string> CreateMachineAsync()
    {
        var (status, body, _) = await PostAsync("AWSStepFunctions.CreateStateMachine",
            $$"""{"name":"M","definition":{{JsonValue.Create(Definition).ToJsonString()}},"roleArn":"arn:aws:iam::123456789012:role/R"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        return (string)body["stateMachineArn"]!;
    }

    [Fact]
    public void Binds_a_free_loopback_port_when_asked_for_port_0()
    {
        Assert.Equal("127.0.0.1", host.Uri.Host);
        Assert.NotEqual(0, host.Uri.Port);
    }

    [Fact]
    public async Task Dispatches_by_X_Amz_Target_and_answers_in_awsJson()
    {
        var arn = await CreateMachineAsync();

        var (status, body, response) = await PostAsync("AWSStepFunctions.StartExecution", $$"""{"stateMachineArn":"{{arn}}","name":"run-1","input":"{\"a\":1}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:M:run-1", (string)body["executionArn"]!);
        Assert.IsType<double>(body["startDate"]!.GetValue<double>());
        Assert.Equal(["CreateStateMachineAsync", "StartExecutionAsync"], fake.Calls.Select(c => c.Operation));
        Assert.Equal("""{"a":1}""", ((StartExecutionInput)fake.Calls.Last().Input).Input);
    }

    [Fact]
    public async Task Every_operation_of_the_port_is_served()
    {
        Assert.Equal(37, typeof(IStepFunctions).GetMethods().Length);
        foreach (var method in typeof(IStepFunctions).GetMethods())
        {
            var (_, body, _) = await PostAsync("AWSStepFunctions." + method.Name[..^"Async".Length], "{}");
            Assert.NotEqual("UnknownOperationException", (string?)body["__type"]);
        }
    }

    [Fact]
    public async Task Missing_required_member_is_a_ValidationException_worded_as_AWS_words_it()
    {
        var (status, body, response) = await PostAsync("AWSStepFunctions.StartExecution", """{"name":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", (string)body["__type"]!);
        Assert.Equal("1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
            (string)body["message"]!);
        Assert.Equal("ValidationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Several_missing_members_are_counted()
    {
        var (_, body, _) = await PostAsync("AWSStepFunctions.CreateStateMachine", """{"definition":"{}"}""");

        Assert.StartsWith("2 validation errors detected: Value null at 'name'", (string)body["message"]!);
    }

    [Fact]
    public async Task Port_errors_come_back_as_400_with_the_models_error_code()
    {
        var (status, body, response) = await PostAsync("AWSStepFunctions.DescribeExecution",
            """{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:M:nope"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ExecutionDoesNotExist", (string)body["__type"]!);
        Assert.Equal("Execution Does Not Exist: 'arn:aws:states:us-east-1:123456789012:execution:M:nope'", (string)body["message"]!);
        Assert.Equal("ExecutionDoesNotExist", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Unexpected_failures_are_500_InternalFailure_and_the_host_keeps_serving()
    {
        fake.FailWith = new InvalidOperationException("disk on fire");
        var (status, body, _) = await PostAsync("AWSStepFunctions.ListStateMachines", "{}");
        fake.FailWith = null;

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("InternalFailure", (string)body["__type"]!);
        Assert.Contains("disk on fire", (string)body["message"]!);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("AWSStepFunctions.ListStateMachines", "{}")).Status);
    }

    [Theory]
    [InlineData("AWSStepFunctions.Frobnicate")]
    [InlineData("Other.StartExecution")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Unknown_target_is_an_UnknownOperationException(string? target)
    {
        var (status, body, _) = await PostAsync(target, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("UnknownOperationException", (string)body["__type"]!);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("""{"stateMachineArn":5}""")]
    [InlineData("""{"stateMachineArn":"a","maxResults":"ten"}""")]
    [InlineData("""{"stateMachineArn":"a","maxResults":99999999999999}""")]
    [InlineData("""{"stateMachineArn":{"nested":true}}""")]
    [InlineData("""{"stateMachineArn":"a","statusFilter":["RUNNING"]}""")]
    public async Task Malformed_bodies_are_ValidationExceptions(string body)
    {
        var (status, error, _) = await PostAsync("AWSStepFunctions.ListExecutions", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", (string)error["__type"]!);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Member_of_the_wrong_type_names_the_member()
    {
        var (_, error, _) = await PostAsync("AWSStepFunctions.StartExecution", """{"stateMachineArn":5}""");

        Assert.Equal("1 validation error detected: Value at 'stateMachineArn' failed to satisfy constraint: Member must be of type string",
            (string)error["message"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public async Task Empty_body_is_a_SerializationException(string body)
    {
        var (status, error, _) = await PostAsync("AWSStepFunctions.ListStateMachines", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SerializationException", (string)error["__type"]!);
        Assert.Empty(fake.Calls);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"stateMachineArn\":\"a\"}]")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Body_that_is_not_a_JSON_object_says_so_in_the_model_s_words(string body)
    {
        var (_, error, _) = await PostAsync("AWSStepFunctions.ListExecutions", body);

        Assert.Equal("The request body must be a JSON object.", (string)error["message"]!);
    }

    [Fact]
    public async Task Malformed_member_never_names_a_dotnet_type()
    {
        var (_, error, _) = await PostAsync("AWSStepFunctions.TagResource", """{"resourceArn":"a","tags":{"key":"k"}}""");

        Assert.Equal("ValidationException", (string)error["__type"]!);
        Assert.DoesNotContain("Stepwise.", (string)error["message"]!);
        Assert.DoesNotContain("System.", (string)error["message"]!);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Wrong_content_type_is_an_UnknownOperationException(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Uri) { Content = new StringContent("{}", Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
        var response = await http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnknownOperationException", (string)error["__type"]!);
        Assert.Contains(contentType, (string)error["message"]!);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Body_over_1_MiB_is_a_ValidationException()
    {
        var arn = await CreateMachineAsync();
        var input = new string('x', 1024 * 1024);

        var (status, error, _) = await PostAsync("AWSStepFunctions.StartExecution", $$"""{"stateMachineArn":"{{arn}}","input":"{{input}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", (string)error["__type"]!);
        Assert.Contains("1048576", (string)error["message"]!);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_refused_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Uri)
        {
            Content = new PushStreamContent(new string(' ', 2 * 1024 * 1024) + "{}"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
        var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationException", (string)body["__type"]!);
    }

    [Fact]
    public async Task Non_POST_requests_are_refused_as_unknown_operations()
    {
        var response = await http.GetAsync(host.Uri);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Stops_listening_after_dispose()
    {
        var uri = host.Uri;
        await host.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(uri, new StringContent("{}")));
        Assert.Throws<InvalidOperationException>(() => host.Uri);
    }

    /// <summary>Content without a length, sent chunked.</summary>
    private sealed class PushStreamContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
