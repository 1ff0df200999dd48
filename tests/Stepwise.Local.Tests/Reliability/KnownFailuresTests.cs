using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Local.Testing;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>Minimal requests distilled from what the fuzz test found: each must get an AWS-shaped 400, not a 500.</summary>
public sealed class KnownFailuresTests : IAsyncLifetime
{
    private LocalCloudEnvironment _environment = null!;
    private AwsJsonClient _client = null!;

    public async Task InitializeAsync()
    {
        _environment = await LocalCloudEnvironment.StartTemporaryAsync();
        _client = new AwsJsonClient(_environment.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _environment.DisposeAsync();
    }

    [Theory]
    [InlineData("TestState", """{"definition":"{\"Type\":\"Pass\",\"Catch\":[1],\"End\":true}","roleArn":"arn:aws:iam::123456789012:role/R"}""")]
    [InlineData("TestState", """{"definition":"{\"Type\":\"Choice\",\"Choices\":[\"x\"],\"Default\":\"D\"}","roleArn":"arn:aws:iam::123456789012:role/R"}""")]
    [InlineData("TestState", """{"definition":"{\"Type\":\"Pass\",\"End\":true}","roleArn":"arn:aws:iam::123456789012:role/R","variables":"{"}""")]
    public async Task Malformed_requests_are_refused_with_an_AWS_error(string operation, string body)
    {
        var (status, answer) = await _client.SendAsync(HttpMethod.Post, $"AWSStepFunctions.{operation}", AwsJsonClient.ContentType, Encoding.UTF8.GetBytes(body));
        Assert.True(status == 400, $"{status}: {answer}");
        var type = JsonNode.Parse(answer)!["__type"]!.GetValue<string>();
        Assert.Contains(type, StepFunctionsErrorCodes.All);
    }
}
