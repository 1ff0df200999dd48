using System.Text.Json.Nodes;

namespace Stepwise.Builder.Tests;

public sealed class BuildRequestTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["STEPWISE_BUCKET"] = "env-bucket",
        ["STEPWISE_CODEBUILD_ROLE"] = "arn:aws:iam::123456789012:role/env",
        ["STEPWISE_BUILD_SOURCE"] = "/env/source",
    };

    private static BuildRequest Read(string json) => BuildRequest.From(JsonNode.Parse(json), name => Environment.GetValueOrDefault(name));

    [Fact]
    public void The_pipelines_PascalCase_event_is_read_and_the_environment_fills_the_rest()
    {
        var request = Read("""{"ProjectName": "stepwise-maskrcnn", "ImageTag": "v2"}""");

        Assert.Equal("stepwise-maskrcnn", request.ProjectName);
        Assert.Equal("v2", request.ImageTag);
        Assert.Equal("env-bucket", request.Bucket);
        Assert.Equal("arn:aws:iam::123456789012:role/env", request.ServiceRole);
        Assert.Equal("/env/source", request.Source);
        Assert.False(request.WaitForBuild);
    }

    [Fact]
    public void CamelCase_keys_and_waitForBuild_are_read_and_win_over_the_environment()
    {
        var request = Read("""{"projectName": "p", "bucket": "b", "source": "/src", "waitForBuild": true, "pollSeconds": 0.5, "repositoryName": "repo"}""");

        Assert.Equal("p", request.ProjectName);
        Assert.Equal("b", request.Bucket);
        Assert.Equal("/src", request.Source);
        Assert.True(request.WaitForBuild);
        Assert.Equal(0.5, request.PollSeconds);
        Assert.Equal("repo", request.RepositoryName);
        Assert.Equal("latest", request.ImageTag);
    }

    [Fact]
    public void An_empty_event_gets_the_defaults()
    {
        var request = BuildRequest.From(null, _ => null);

        Assert.Equal("stepwise-maskrcnn", request.ProjectName);
        Assert.Null(request.Bucket);
        Assert.Equal(10, request.PollSeconds);
    }
}
