using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;
using Stepwise.Local.Testing;

namespace Stepwise.Workbook.Tests;

/// <summary>Every local service on one port, reached by the AWS adapter's clients: routed by target, signing scope and path.</summary>
public sealed class OneHostTests : IAsyncLifetime
{
    private readonly StringWriter _requests = new();
    private LocalCloudEnvironment _environment = null!;
    private AwsClients _clients = null!;

    public async Task InitializeAsync()
    {
        _environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { RequestLog = _requests });
        _clients = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = _environment.Endpoint,
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("one", "host"),
        });
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _environment.DisposeAsync();
    }

    [Fact]
    public async Task Step_Functions_STS_Logs_Lambda_and_S3_answer_on_the_same_port()
    {
        _environment.Cloud.Lambda.Register("double", payload => JsonValue.Create((int)payload!["n"]! * 2));

        var machines = await _clients.StepFunctions.ListStateMachinesAsync(new ListStateMachinesInput());
        var identity = await _clients.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        await _clients.Logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = "/stepwise/one-host" });
        var groups = await _clients.Logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/stepwise/" });
        var invoked = await _clients.Lambda.InvokeAsync(new InvocationRequest { FunctionName = "double", Payload = """{"n":21}"""u8.ToArray() });
        await _clients.S3.PutBucketAsync("one-host");
        await _clients.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "one-host", Key = "a.txt", ContentBody = "hello" });
        var listed = await _clients.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = "one-host" });

        Assert.Empty(machines.StateMachines);
        Assert.Equal("123456789012", identity.Account);
        Assert.Equal(["/stepwise/one-host"], groups.LogGroups!.Select(g => g.LogGroupName));
        Assert.Equal(200, invoked.StatusCode);
        Assert.Equal("42", Encoding.UTF8.GetString(invoked.Payload!));
        Assert.Equal(["a.txt"], listed.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Each_request_is_one_log_line_naming_service_operation_status_and_time()
    {
        await _clients.StepFunctions.ListStateMachinesAsync(new ListStateMachinesInput());
        await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:M:x" }));
        await _clients.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        var lines = _requests.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^states\s+ListStateMachines\s+200\s+\d+\.\d ms$", lines[0].TrimEnd());
        Assert.Matches(@"^states\s+DescribeExecution\s+400\s+\d+\.\d ms$", lines[1].TrimEnd());
        Assert.Matches(@"^sts\s+GetCallerIdentity\s+200\s+\d+\.\d ms$", lines[2].TrimEnd());
    }

    [Fact]
    public async Task A_service_not_served_yet_answers_in_its_own_protocol_naming_those_that_are()
    {
        var iam = await Assert.ThrowsAsync<Aws.Iam.IamException>(() => _clients.Iam.ListRolesAsync(new Aws.Iam.ListRolesRequest()));

        Assert.Equal("InvalidAction", iam.ErrorCode);
        Assert.Contains("SFN (states)", iam.Message);
        Assert.Contains("ECR (ecr)", iam.Message);
        Assert.Contains("does not serve IAM", iam.Message);
    }

    [Theory]
    [InlineData("POST", "/", "AWSStepFunctions.ListStateMachines", "text/plain", "{}", "application/x-amz-json-1.0")]
    [InlineData("POST", "/", "Logs_20140328.DescribeLogGroups", "application/x-amz-json-1.1", "[1]", "application/x-amz-json-1.1")]
    [InlineData("GET", "/2015-03-31/functions/nope", null, null, "", "application/json")]
    [InlineData("POST", "/", null, "application/x-www-form-urlencoded", "Action=GetCallerIdentity&Version=1999-01-01", "text/xml")]
    [InlineData("PUT", "/bad..bucket..name", null, null, "", "application/xml")]
    public async Task Bad_requests_get_a_4xx_in_the_protocol_of_the_service_they_are_for(
        string method, string path, string? target, string? contentType, string body, string expectedContentType)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_environment.Endpoint, path));
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        if (target is not null)
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var scope = path.StartsWith("/2015-03-31", StringComparison.Ordinal) ? "lambda" : contentType?.Contains("form") == true ? "sts" : target is null ? "s3" : "x";
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{scope}/aws4_request, SignedHeaders=host, Signature=0");

        using var response = await http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(expectedContentType, response.Content.Headers.ContentType?.MediaType);
    }
}
