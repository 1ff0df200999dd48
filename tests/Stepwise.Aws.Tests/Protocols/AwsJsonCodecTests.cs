using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests.Protocols;

public sealed class AwsJsonCodecTests
{
    [Fact]
    public async Task Request_is_a_POST_to_root_with_target_content_type_and_the_input_as_JSON()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"stateMachineArn":"arn:aws:states:us-east-1:1:stateMachine:m","creationDate":1700000000.5}""");
        using var client = TestClients.Client(handler);

        var output = await client.SendAsync(StepFunctionsOperations.CreateStateMachine,
            new CreateStateMachineInput { Name = "m", Definition = "{}", RoleArn = "arn:aws:iam::1:role/r" });

        var request = handler.Requests.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Uri.AbsolutePath);
        Assert.Equal("AWSStepFunctions.CreateStateMachine", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        Assert.Equal("m", JsonNode.Parse(request.Body)!["name"]!.GetValue<string>());
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/states/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("arn:aws:states:us-east-1:1:stateMachine:m", output.StateMachineArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), output.CreationDate);
    }

    [Fact]
    public async Task Awsjson_1_1_services_say_so_in_the_content_type()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, "{}");
        using var client = TestClients.Client(handler);

        await client.SendAsync(Logs.LogsOperations.CreateLogGroup, new Logs.CreateLogGroupRequest { LogGroupName = "g" });

        Assert.Equal("application/x-amz-json-1.1", handler.Requests.Single().Headers["Content-Type"]);
        Assert.Equal("Logs_20140328.CreateLogGroup", handler.Requests.Single().Headers["X-Amz-Target"]);
    }

    [Fact]
    public async Task An_empty_success_body_is_an_empty_output()
    {
        using var client = TestClients.Client(new FakeHandler(HttpStatusCode.OK, ""));
        Assert.NotNull(await client.SendAsync(StepFunctionsOperations.DeleteStateMachine, new DeleteStateMachineInput { StateMachineArn = "a" }));
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.sfn#StateMachineDoesNotExist","message":"State Machine Does Not Exist: 'a'"}""")]
    [InlineData("""{"__type":"StateMachineDoesNotExist:http://internal.amazon.com/coral/","Message":"State Machine Does Not Exist: 'a'"}""")]
    public async Task Error_type_loses_its_namespace_and_suffix_and_becomes_the_services_exception(string body)
    {
        using var client = TestClients.Client(new FakeHandler(HttpStatusCode.BadRequest, body, "application/x-amz-json-1.0"));

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            client.SendAsync(StepFunctionsOperations.DescribeStateMachine, new DescribeStateMachineInput { StateMachineArn = "a" }));

        Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
        Assert.Equal("State Machine Does Not Exist: 'a'", error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Error_type_header_is_read_too()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = FakeHandler.Response(HttpStatusCode.BadRequest, """{"message":"bad"}""");
            response.Headers.Add("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/");
            return response;
        });
        using var client = TestClients.Client(handler);

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            client.SendAsync(StepFunctionsOperations.ListStateMachines, new ListStateMachinesInput()));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("bad", error.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_still_gives_the_status_and_what_came_back()
    {
        using var client = TestClients.Client(new FakeHandler(HttpStatusCode.Forbidden, "<html>denied</html>", "text/html"));

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            client.SendAsync(StepFunctionsOperations.ListStateMachines, new ListStateMachinesInput()));

        Assert.Equal("Forbidden", error.ErrorCode);
        Assert.Contains("denied", error.Message, StringComparison.Ordinal);
        Assert.Equal(403, error.StatusCode);
    }
}
