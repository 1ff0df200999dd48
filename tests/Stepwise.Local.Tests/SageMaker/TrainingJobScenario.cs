using System.Formats.Tar;
using System.IO.Compression;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

/// <summary>A temporary local cloud with the tiny image installed, a bucket with two training files, and helpers to
/// describe, wait for and inspect training jobs.</summary>
internal sealed class TrainingJobScenario : IAsyncDisposable
{
    public const string Bucket = "bucket";
    public const string Role = "arn:aws:iam::123456789012:role/SageMakerRole";

    private TrainingJobScenario(LocalCloudEnvironment environment, string imageUri)
    {
        Environment = environment;
        ImageUri = imageUri;
    }

    public LocalCloudEnvironment Environment { get; }

    public LocalCloud Cloud => Environment.Cloud;

    public string ImageUri { get; }

    public static async Task<TrainingJobScenario> StartAsync(TinyContainerFixture image, LocalCloudEnvironmentOptions? options = null, bool upload = true)
    {
        var environment = await LocalCloudEnvironment.StartTemporaryAsync(options ?? new LocalCloudEnvironmentOptions { StartHost = false });
        var scenario = new TrainingJobScenario(environment, image.InstallIn(environment.Cloud));
        if (upload)
        {
            await environment.Cloud.S3.CreateBucketAsync(Bucket);
            await environment.Cloud.S3.PutTextAsync(Bucket, "data/train/a.txt", "alpha");
            await environment.Cloud.S3.PutTextAsync(Bucket, "data/train/sub/b.txt", "beta");
        }
        return scenario;
    }

    public CreateTrainingJobRequest Request(string name, Dictionary<string, string>? hyperparameters = null, int maxRuntime = 600) => new()
    {
        TrainingJobName = name,
        RoleArn = Role,
        AlgorithmSpecification = new AlgorithmSpecification
        {
            TrainingImage = ImageUri,
            TrainingInputMode = TrainingInputMode.File,
            MetricDefinitions =
            [
                new MetricDefinition { Name = "train:loss", Regex = @"loss=([0-9.]+)" },
                new MetricDefinition { Name = "train:accuracy", Regex = @"accuracy=([0-9.]+)" },
                new MetricDefinition { Name = "validation:never", Regex = @"never=([0-9.]+)" },
            ],
        },
        HyperParameters = hyperparameters ?? new Dictionary<string, string> { ["epochs"] = "2", ["lr"] = "0.1" },
        InputDataConfig =
        [
            new Channel
            {
                ChannelName = "training",
                ContentType = "text/plain",
                DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = $"s3://{Bucket}/data/train" } },
            },
        ],
        OutputDataConfig = new OutputDataConfig { S3OutputPath = $"s3://{Bucket}/output" },
        ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 10 },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = maxRuntime },
        Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
    };

    public string OptMl(string job) => Path.Combine(Cloud.DataDirectory, "sagemaker", "training-jobs", job, "opt", "ml");

    public Task<DescribeTrainingJobResponse> DescribeAsync(string job) =>
        Cloud.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = job });

    public async Task<DescribeTrainingJobResponse> WaitAsync(string job, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Cloud.SageMaker.WaitForTrainingJobAsync(job, timeout.Token);
    }

    /// <summary>The job's log lines in local CloudWatch Logs.</summary>
    public async Task<IReadOnlyList<string>> LogAsync(string job, string group = "/aws/sagemaker/TrainingJobs")
    {
        var streams = await Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = group, LogStreamNamePrefix = job + "/algo-1-" });
        var lines = new List<string>();
        foreach (var stream in streams.LogStreams ?? [])
        {
            var events = await Cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = group, LogStreamName = stream.LogStreamName!, StartFromHead = true });
            lines.AddRange(events.Events!.Select(e => e.Message!));
        }
        return lines;
    }

    /// <summary>Waits until the job's log has a line containing <paramref name="text"/> (the container got that far).</summary>
    public async Task WaitForLogAsync(string job, string text, int seconds = 20, string group = "/aws/sagemaker/TrainingJobs")
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await LogAsync(job, group)).Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            }
            catch (LogsException)
            {
                // The group is created when the first container starts.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No log line of {job} in {group} contains '{text}' after {seconds} s.");
    }

    /// <summary>The entries of a .tar.gz in local S3, with their text.</summary>
    public async Task<Dictionary<string, string>> TarGzAsync(string key)
    {
        await using var content = await Cloud.S3.GetObjectAsync(Bucket, key);
        await using var gzip = new GZipStream(content.Content, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var entries = new Dictionary<string, string>();
        while (await tar.GetNextEntryAsync() is { } entry)
            entries[entry.Name] = entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync();
        return entries;
    }

    public ValueTask DisposeAsync() => Environment.DisposeAsync();
}
