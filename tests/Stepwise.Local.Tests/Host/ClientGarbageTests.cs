using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Host;

/// <summary>Whatever a client sends, the service answers with a 4xx error in AWS's shape, never a 5xx: checked over the
/// real <see cref="LocalStepFunctions"/>, so that well-formed but nonsensical members reach the engine.</summary>
public sealed class ClientGarbageTests : IAsyncLifetime
{
    private readonly HttpClient http = new();
    private LocalCloudEnvironment environment = null!;

    public async Task InitializeAsync() =>
        environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { ResumeRunningExecutions = false });

    public async Task DisposeAsync()
    {
        http.Dispose();
        await environment.DisposeAsync();
    }

    public static TheoryData<string, string> Requests() => new()
    {
        { "StartExecution", """{"stateMachineArn":"garbage"}""" },
        { "StartExecution", """{"stateMachineArn":""}""" },
        { "StartExecution", """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:nope","input":"{not json"}""" },
        { "StartExecution", """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:execution:a:b"}""" },
        { "DescribeExecution", """{"executionArn":"arn:aws:states:us-east-1:123456789012:stateMachine:M"}""" },
        { "DescribeExecution", """{"executionArn":"arn:::::"}""" },
        { "GetExecutionHistory", """{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:M:x","nextToken":"\u0000garbage","maxResults":-5}""" },
        { "ListExecutions", """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:M","statusFilter":"NOT_A_STATUS"}""" },
        { "ListExecutions", """{"nextToken":"definitely-not-a-token"}""" },
        { "ListStateMachines", """{"maxResults":100000,"nextToken":"zzz"}""" },
        { "CreateStateMachine", """{"name":"","definition":"","roleArn":""}""" },
        { "CreateStateMachine", """{"name":"bad name with spaces","definition":"{}","roleArn":"r"}""" },
        { "CreateStateMachine", """{"name":"deep","definition":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]","roleArn":"r"}""" },
        { "CreateStateMachine", """{"name":"t","definition":"{\"StartAt\":\"A\",\"States\":{}}","roleArn":"r","type":"WEIRD"}""" },
        { "UpdateStateMachine", """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:nope"}""" },
        { "DeleteStateMachine", """{"stateMachineArn":"nope"}""" },
        { "StopExecution", """{"executionArn":"nope","error":"e","cause":"c"}""" },
        { "SendTaskSuccess", """{"taskToken":"nope","output":"{}"}""" },
        { "SendTaskSuccess", """{"taskToken":"","output":"not json"}""" },
        { "SendTaskFailure", """{"taskToken":"nope"}""" },
        { "SendTaskHeartbeat", """{"taskToken":"nope"}""" },
        { "TagResource", """{"resourceArn":"nope","tags":[{"key":"a"}]}""" },
        { "UntagResource", """{"resourceArn":"nope","tagKeys":[]}""" },
        { "ListTagsForResource", """{"resourceArn":"nope"}""" },
        { "DescribeStateMachineForExecution", """{"executionArn":"nope"}""" },
        { "TestState", """{"definition":"nope"}""" },
        { "ValidateStateMachineDefinition", """{"definition":"nope","maxResults":-1}""" },
        { "StartSyncExecution", """{"stateMachineArn":"nope"}""" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Nonsense_members_get_a_400_in_AWS_shape(string operation, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, environment.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0") };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + operation);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        if (response.StatusCode == HttpStatusCode.OK)
            return; // lenient is fine (e.g. deleting what does not exist is idempotent)
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{operation} {body}\n→ {(int)response.StatusCode} {text}");
        var error = JsonNode.Parse(text)!;
        Assert.False(string.IsNullOrEmpty((string?)error["__type"]), text);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]), text);
    }

    [Fact]
    public async Task Invalid_UTF8_and_deep_nesting_are_ValidationExceptions()
    {
        foreach (var body in new[] { [.. "{\"nextToken\":\""u8, 0xC3, 0x28, .. "\"}"u8],
                                     Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, environment.Endpoint) { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["__type"]);
        }
    }
}
