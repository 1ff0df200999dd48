using Stepwise.Aws;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Local.Testing;

namespace Stepwise.Builder.Tests;

/// <summary>The builder's handler against the local cloud's real ECR and CodeBuild (in-process ports) and its S3 over the
/// wire through AWSSDK.S3, as the function reaches them.</summary>
public sealed class ContainerBuilderTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/codebuild";
    private readonly string _source = Directory.CreateTempSubdirectory("stepwise-builder-source-").FullName;
    private LocalCloudEnvironment _environment = null!;
    private AwsClients _clients = null!;

    public async Task InitializeAsync()
    {
        _environment = await LocalCloudEnvironment.StartTemporaryAsync();
        await _environment.Cloud.S3.CreateBucketAsync("stepwise");
        _clients = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = _environment.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("local", "local"),
        });
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _environment.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }

    private ContainerBuilder Builder() => new(_environment.Cloud.Ecr, _environment.Cloud.CodeBuild, _clients.S3);

    private BuildRequest Request(string buildspec, bool wait = true)
    {
        File.WriteAllText(Path.Combine(_source, "buildspec.yml"), buildspec);
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM scratch\n");
        return new BuildRequest { ProjectName = "demo", Bucket = "stepwise", Source = _source, ServiceRole = Role, WaitForBuild = wait, PollSeconds = 0.2 };
    }

    private const string Succeeds = """
        version: 0.2
        phases:
          build:
            commands:
              - test -f Dockerfile
              - echo "building $REPOSITORY_URI:$IMAGE_TAG"
        """;

    [Fact]
    public async Task A_first_build_creates_the_repository_and_the_project_uploads_the_inputs_and_waits_for_SUCCEEDED()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var result = await Builder().BuildAsync(Request(Succeeds), cancellationToken: limit.Token);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.StartsWith("demo:", result.BuildId);
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/demo:latest", result.Image);
        Assert.True(result.BuildSeconds >= 0);
        var repositories = await _environment.Cloud.Ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = ["demo"] });
        Assert.Single(repositories.Repositories!);
        var project = Assert.Single((await _environment.Cloud.CodeBuild.BatchGetProjectsAsync(new BatchGetProjectsInput { Names = ["demo"] })).Projects!);
        Assert.Equal("stepwise/codebuild/demo/source.zip", project.Source!.Location);
        Assert.Contains(project.Environment!.EnvironmentVariables!, v => v.Name == "REPOSITORY_URI" && v.Value == "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo");
        var stored = await _environment.Cloud.S3.GetObjectAsync("stepwise", "codebuild/demo/source.zip");
        Assert.True(stored.Length > 0);
        await stored.DisposeAsync();
    }

    [Fact]
    public async Task A_second_build_updates_the_existing_project_and_reuses_the_repository()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Builder().BuildAsync(Request(Succeeds), cancellationToken: limit.Token);

        var second = await Builder().BuildAsync(Request(Succeeds) with { ImageTag = "v2", ServiceRole = null }, cancellationToken: limit.Token);

        Assert.Equal("SUCCEEDED", second.Status);
        Assert.EndsWith("/demo:v2", second.Image);
        Assert.Single((await _environment.Cloud.Ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest())).Repositories!);
        var builds = await _environment.Cloud.CodeBuild.ListBuildsForProjectAsync(new ListBuildsForProjectInput { ProjectName = "demo" });
        Assert.Equal(2, builds.Ids!.Count);
    }

    [Fact]
    public async Task A_failed_build_is_a_BuildFailed_error_naming_the_phase()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failing = """
            version: 0.2
            phases:
              build:
                commands:
                  - exit 3
            """;

        var e = await Assert.ThrowsAsync<BuildFailedException>(() => Builder().BuildAsync(Request(failing), cancellationToken: limit.Token));

        Assert.Equal("BuildFailed", e.ErrorType);
        Assert.Contains("ended FAILED in phase BUILD", e.Message);
    }

    [Fact]
    public async Task Without_waiting_the_answer_is_IN_PROGRESS_with_the_build_id()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var result = await Builder().BuildAsync(Request(Succeeds, wait: false), cancellationToken: limit.Token);

        Assert.Equal("IN_PROGRESS", result.Status);
        Assert.StartsWith("demo:", result.BuildId);
        await _environment.Cloud.CodeBuild.WaitForBuildAsync(result.BuildId, limit.Token);
    }

    [Fact]
    public async Task Inputs_without_a_buildspec_or_a_missing_project_without_a_role_are_BuildInputsInvalid()
    {
        var request = Request(Succeeds);
        File.Delete(Path.Combine(_source, "buildspec.yml"));

        var noSpec = await Assert.ThrowsAsync<BuildFailedException>(() => Builder().BuildAsync(request));
        var noRole = await Assert.ThrowsAsync<BuildFailedException>(() => Builder().BuildAsync(Request(Succeeds) with { ServiceRole = null }));

        Assert.Equal("BuildInputsInvalid", noSpec.ErrorType);
        Assert.Contains("no buildspec.yml", noSpec.Message);
        Assert.Equal("BuildInputsInvalid", noRole.ErrorType);
        Assert.Contains("STEPWISE_CODEBUILD_ROLE", noRole.Message);
    }
}
