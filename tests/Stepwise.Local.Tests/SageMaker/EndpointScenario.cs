using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

/// <summary>A temporary local cloud with the tiny image installed and a model.tar.gz in local S3, with helpers to
/// create models, configs and endpoints and to invoke them.</summary>
internal sealed class EndpointScenario : IAsyncDisposable
{
    public const string Bucket = "models";
    public const string ModelData = "s3://models/tiny/model.tar.gz";

    private EndpointScenario(LocalCloudEnvironment environment, string imageUri)
    {
        Environment = environment;
        ImageUri = imageUri;
    }

    public LocalCloudEnvironment Environment { get; }

    public LocalCloud Cloud => Environment.Cloud;

    public global::Stepwise.Local.SageMaker.LocalSageMaker SageMaker => Cloud.SageMaker;

    public string ImageUri { get; }

    public static async Task<EndpointScenario> StartAsync(TinyContainerFixture image, LocalCloudEnvironmentOptions? options = null, bool upload = true)
    {
        var environment = await LocalCloudEnvironment.StartTemporaryAsync(options ?? new LocalCloudEnvironmentOptions { StartHost = false });
        // A reopened cloud has the image already (and is starting endpoints from it): installing again would race them.
        var scenario = new EndpointScenario(environment, upload ? image.InstallIn(environment.Cloud) : environment.Cloud.Images.Resolve(TinyContainerFixture.Tag).Uri);
        if (upload)
        {
            await environment.Cloud.S3.CreateBucketAsync(Bucket);
            using var archive = new MemoryStream();
            await using (var gzip = new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "model.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("weights-v1")) };
                await tar.WriteEntryAsync(entry);
            }
            archive.Position = 0;
            await environment.Cloud.S3.PutObjectAsync(Bucket, "tiny/model.tar.gz", archive);
        }
        return scenario;
    }

    public CreateModelInput Model(string name, Dictionary<string, string>? environment = null, string? modelData = ModelData, string? image = null) => new()
    {
        ModelName = name,
        ExecutionRoleArn = TrainingJobScenario.Role,
        PrimaryContainer = new ContainerDefinition
        {
            Image = image ?? ImageUri,
            ModelDataUrl = modelData,
            Environment = environment ?? new Dictionary<string, string> { ["GREETING"] = "first" },
        },
    };

    public static CreateEndpointConfigInput Config(string name, string model, int? startupTimeout = null) => new()
    {
        EndpointConfigName = name,
        ProductionVariants =
        [
            new ProductionVariant
            {
                VariantName = "AllTraffic",
                ModelName = model,
                InitialInstanceCount = 1,
                InstanceType = "ml.m5.large",
                InitialVariantWeight = 1,
                ContainerStartupHealthCheckTimeoutInSeconds = startupTimeout,
            },
        ],
    };

    /// <summary>Creates the model, a config over it and an endpoint over that, and waits for the endpoint.</summary>
    public async Task<DescribeEndpointOutput> DeployAsync(string endpoint, CreateModelInput model, int? startupTimeout = null, int seconds = 30)
    {
        await SageMaker.CreateModelAsync(model);
        await SageMaker.CreateEndpointConfigAsync(Config(endpoint + "-config", model.ModelName, startupTimeout));
        var created = await SageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = endpoint, EndpointConfigName = endpoint + "-config" });
        Assert.Equal($"arn:aws:sagemaker:us-east-1:123456789012:endpoint/{endpoint.ToLowerInvariant()}", created.EndpointArn);
        return await WaitAsync(endpoint, seconds);
    }

    public async Task<DescribeEndpointOutput> WaitAsync(string endpoint, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await SageMaker.WaitForEndpointAsync(endpoint, timeout.Token);
    }

    public Task<DescribeEndpointOutput> DescribeAsync(string endpoint) =>
        SageMaker.DescribeEndpointAsync(new DescribeEndpointInput { EndpointName = endpoint });

    public static InvokeEndpointInput Invocation(string endpoint, string body) => new()
    {
        EndpointName = endpoint,
        Body = Encoding.UTF8.GetBytes(body),
        ContentType = "text/csv",
        Accept = "application/json",
        CustomAttributes = "trace=1",
    };

    public async Task<string> InvokeAsync(string endpoint, string body) =>
        Encoding.UTF8.GetString((await Cloud.SageMakerRuntime.InvokeEndpointAsync(Invocation(endpoint, body))).Body);

    /// <summary>The endpoint's log lines in local CloudWatch Logs, with their streams.</summary>
    public async Task<IReadOnlyList<(string Stream, string Message)>> LogAsync(string endpoint)
    {
        var group = "/aws/sagemaker/Endpoints/" + endpoint;
        var streams = await Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = group });
        var lines = new List<(string, string)>();
        foreach (var stream in streams.LogStreams ?? [])
        {
            var events = await Cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = group, LogStreamName = stream.LogStreamName!, StartFromHead = true });
            lines.AddRange(events.Events!.Select(e => (stream.LogStreamName!, e.Message!)));
        }
        return lines;
    }

    /// <summary>Whether something still answers on the container's port.</summary>
    public static async Task<bool> AnswersAsync(Uri baseAddress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(new Uri(baseAddress, "ping"));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => Environment.DisposeAsync();
}
