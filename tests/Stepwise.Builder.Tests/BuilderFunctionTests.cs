using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Local.Images;
using Stepwise.Local.Testing;

namespace Stepwise.Builder.Tests;

/// <summary>lib/Stepwise.Builder published once (framework-dependent, its executable named bootstrap) and zipped.</summary>
public sealed class BuilderPackageFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("stepwise-builder-package-").FullName;

    public byte[] Zip { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Notebooks.sln"))) root = root.Parent;
        var project = Path.Combine(root!.FullName, "lib", "Stepwise.Builder", "Stepwise.Builder.csproj");
        var output = Path.Combine(_root, "publish");
        // As ContainerBuild.PackageBuilderAsync publishes it (its executable 'bootstrap'), from the machine's build cache
        // when this source was published before.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await DotnetPublish.RunAsync(project, output, new ImagePublishOptions { AppHost = true }, ImageBuildCache.Default(), limit.Token);
        var zip = Path.Combine(_root, "builder.zip");
        ZipFile.CreateFromDirectory(output, zip);
        Zip = await File.ReadAllBytesAsync(zip);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The real thing: the published builder deployed on local Lambda (provided.al2023), invoked, its own process
/// calling local ECR, S3 and CodeBuild through the host (AWS_ENDPOINT_URL).</summary>
public sealed class BuilderFunctionTests(BuilderPackageFixture package) : IClassFixture<BuilderPackageFixture>, IAsyncLifetime
{
    private const string Name = "stepwise-build-container";
    private readonly string _source = Directory.CreateTempSubdirectory("stepwise-builder-function-source-").FullName;
    private LocalCloudEnvironment _environment = null!;

    public async Task InitializeAsync()
    {
        _environment = await LocalCloudEnvironment.StartTemporaryAsync();
        await _environment.Cloud.S3.CreateBucketAsync("stepwise");
        await _environment.Cloud.Lambda.CreateFunctionAsync(new CreateFunctionRequest
        {
            FunctionName = Name,
            Role = "arn:aws:iam::123456789012:role/stepwise-builder",
            Runtime = "provided.al2023",
            Handler = "bootstrap",
            Code = new FunctionCode { ZipFile = package.Zip },
            Timeout = 120,
            MemorySize = 512,
            Environment = new LambdaEnvironment
            {
                Variables = new Dictionary<string, string>
                {
                    ["STEPWISE_BUCKET"] = "stepwise",
                    ["STEPWISE_CODEBUILD_ROLE"] = "arn:aws:iam::123456789012:role/codebuild",
                    ["STEPWISE_BUILD_SOURCE"] = _source,
                },
            },
        });
    }

    public async Task DisposeAsync()
    {
        await _environment.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }

    private async Task<(InvocationResponse Response, JsonNode Payload)> InvokeAsync(string buildspec)
    {
        await File.WriteAllTextAsync(Path.Combine(_source, "buildspec.yml"), buildspec);
        await File.WriteAllTextAsync(Path.Combine(_source, "Dockerfile"), "FROM scratch\n");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var response = await _environment.Cloud.Lambda.InvokeAsync(new InvocationRequest
        {
            FunctionName = Name,
            Payload = Encoding.UTF8.GetBytes("""{"ProjectName": "stepwise-maskrcnn", "ImageTag": "latest", "waitForBuild": true, "pollSeconds": 0.5}"""),
        }, limit.Token);
        return (response, JsonNode.Parse(response.Payload!)!);
    }

    [Fact]
    public async Task The_published_builder_runs_on_local_Lambda_builds_through_local_CodeBuild_and_logs_to_its_group()
    {
        var (response, payload) = await InvokeAsync("""
            version: 0.2
            phases:
              build:
                commands:
                  - echo "pushing $REPOSITORY_URI:$IMAGE_TAG"
            """);

        Assert.True(response.FunctionError is null, payload.ToJsonString());
        Assert.Equal("SUCCEEDED", payload["status"]!.GetValue<string>());
        Assert.StartsWith("stepwise-maskrcnn:", payload["buildId"]!.GetValue<string>());
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/stepwise-maskrcnn:latest", payload["image"]!.GetValue<string>());
        Assert.True(payload["buildSeconds"]!.GetValue<double>() >= 0);

        await _environment.Cloud.Lambda.FlushLogsAsync();
        var logs = _environment.Cloud.Logs;
        var stream = Assert.Single((await logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = $"/aws/lambda/{Name}" })).LogStreams!);
        var events = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = $"/aws/lambda/{Name}", LogStreamName = stream.LogStreamName!, StartFromHead = true });
        var messages = events.Events!.Select(e => e.Message!).ToList();
        Assert.Contains(messages, m => m.Contains("\tinfo\tCreated the ECR repository 123456789012.dkr.ecr.us-east-1.amazonaws.com/stepwise-maskrcnn"));
        Assert.Contains(messages, m => m.Contains("\tinfo\tStarted build stepwise-maskrcnn:"));
        Assert.Contains(messages, m => m.StartsWith("REPORT ") && m.Contains("\tMemory Size: 512 MB\t") && m.Contains("\tInit Duration: "));
    }

    [Fact]
    public async Task A_failed_build_comes_back_as_FunctionError_with_errorType_BuildFailed()
    {
        var (response, payload) = await InvokeAsync("""
            version: 0.2
            phases:
              build:
                commands:
                  - exit 1
            """);

        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Equal("BuildFailed", payload["errorType"]!.GetValue<string>());
        Assert.Contains("ended FAILED in phase BUILD", payload["errorMessage"]!.GetValue<string>());
    }
}
