using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.S3;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class ProcessingJobTests(TinyContainerFixture image)
{
    internal static CreateProcessingJobRequest Request(TrainingJobScenario scenario, string name, Dictionary<string, string>? environment = null,
        IReadOnlyList<string>? entrypoint = null) => new()
    {
        ProcessingJobName = name,
        RoleArn = TrainingJobScenario.Role,
        AppSpecification = new AppSpecification
        {
            ImageUri = scenario.ImageUri,
            ContainerEntrypoint = entrypoint ?? ["process", "--input", "/opt/ml/processing/input"],
            ContainerArguments = ["--output", "/opt/ml/processing/output", "hello", "world"],
        },
        ProcessingInputs =
        [
            new ProcessingInput
            {
                InputName = "raw",
                S3Input = new ProcessingS3Input { S3Uri = "s3://bucket/data/train", LocalPath = "/opt/ml/processing/input", S3DataType = ProcessingS3DataType.S3Prefix, S3InputMode = ProcessingS3InputMode.File },
            },
        ],
        ProcessingOutputConfig = new ProcessingOutputConfig
        {
            Outputs = [new ProcessingOutput { OutputName = "clean", S3Output = new ProcessingS3Output { S3Uri = "s3://bucket/processed", LocalPath = "/opt/ml/processing/output", S3UploadMode = ProcessingS3UploadMode.EndOfJob } }],
        },
        ProcessingResources = new ProcessingResources { ClusterConfig = new ProcessingClusterConfig { InstanceCount = 1, InstanceType = "ml.m5.large", VolumeSizeInGB = 5 } },
        StoppingCondition = new ProcessingStoppingCondition { MaxRuntimeInSeconds = 600 },
        Environment = environment ?? new Dictionary<string, string> { ["GREETING"] = "hi" },
    };

    private static async Task<DescribeProcessingJobResponse> WaitAsync(TrainingJobScenario scenario, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await scenario.Cloud.SageMaker.WaitForProcessingJobAsync(name, timeout.Token);
    }

    [Fact]
    public async Task A_processing_job_copies_its_inputs_runs_the_entry_point_with_its_arguments_and_uploads_its_outputs()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var created = await scenario.Cloud.SageMaker.CreateProcessingJobAsync(Request(scenario, "tiny-process"));
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:processing-job/tiny-process", created.ProcessingJobArn);

        var job = await WaitAsync(scenario, "tiny-process");

        Assert.True(job.ProcessingJobStatus == ProcessingJobStatus.Completed, job.FailureReason);
        Assert.Null(job.ExitMessage);
        Assert.True(job.ProcessingEndTime >= job.ProcessingStartTime);
        Assert.Equal("ALPHA", await scenario.Cloud.S3.GetTextAsync("bucket", "processed/a.txt"));
        Assert.Equal("BETA", await scenario.Cloud.S3.GetTextAsync("bucket", "processed/sub/b.txt"));
        Assert.Equal("hello world", await scenario.Cloud.S3.GetTextAsync("bucket", "processed/args.txt"));
        Assert.Equal("hi", await scenario.Cloud.S3.GetTextAsync("bucket", "processed/env.txt"));

        var streams = await scenario.Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "/aws/sagemaker/ProcessingJobs" });
        var stream = Assert.Single(streams.LogStreams!).LogStreamName!;
        Assert.Matches("^tiny-process/algo-1-[0-9]+$", stream);
        var events = (await scenario.Cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/aws/sagemaker/ProcessingJobs", LogStreamName = stream, StartFromHead = true })).Events!;
        Assert.Contains(events, e => e.Message == "processing args: --input /opt/ml/processing/input --output /opt/ml/processing/output hello world");
        Assert.Contains(events, e => e.Message == "processingjobconfig.json present");
    }

    [Fact]
    public async Task A_failing_container_fails_the_job_with_its_message_and_an_entry_point_the_image_lacks_says_so()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var sageMaker = scenario.Cloud.SageMaker;
        await sageMaker.CreateProcessingJobAsync(Request(scenario, "tiny-fail", new Dictionary<string, string> { ["TINY_FAIL"] = "bad rows" }));
        await sageMaker.CreateProcessingJobAsync(Request(scenario, "tiny-noentry", entrypoint: ["python3", "/opt/ml/processing/code/run.py"]));

        var failed = await WaitAsync(scenario, "tiny-fail");
        Assert.Equal((ProcessingJobStatus.Failed, "bad rows", "AlgorithmError: bad rows (exit code 3)"), (failed.ProcessingJobStatus, failed.ExitMessage, failed.FailureReason));
        Assert.Empty(await scenario.Cloud.S3.ListAllAsync("bucket", "processed/").ToListAsync());

        var noEntry = await WaitAsync(scenario, "tiny-noentry");
        Assert.Equal(ProcessingJobStatus.Failed, noEntry.ProcessingJobStatus);
        Assert.Equal($"ClientError: Cannot start the container: Image {scenario.ImageUri} has no 'python3' entry point (it has: train, serve, process). ContainerEntrypoint's first word names the local image's entry point.",
            noEntry.FailureReason);
    }

    [Fact]
    public async Task Creating_validates_as_SageMaker_does_and_a_stopped_job_ends_Stopped()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var sageMaker = scenario.Cloud.SageMaker;
        var outside = Request(scenario, "tiny-outside");
        outside = outside with { ProcessingInputs = [outside.ProcessingInputs![0] with { S3Input = outside.ProcessingInputs[0].S3Input! with { LocalPath = "/tmp/in" } }] };
        var refused = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateProcessingJobAsync(outside));
        Assert.Equal(("ValidationException", "The LocalPath /tmp/in of ProcessingInput raw is invalid: it must be an absolute path under /opt/ml/processing/."), (refused.ErrorCode, refused.Message));

        var badMode = Request(scenario, "tiny-mode");
        badMode = badMode with { ProcessingInputs = [badMode.ProcessingInputs![0] with { S3Input = badMode.ProcessingInputs[0].S3Input! with { S3DataType = "Prefix" } }] };
        var mode = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateProcessingJobAsync(badMode));
        Assert.Equal("1 validation error detected: Value 'Prefix' at 'processingInputs.1.member.s3Input.s3DataType' failed to satisfy constraint: Member must satisfy enum value set: [ManifestFile, S3Prefix]", mode.Message);

        var unknown = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.DescribeProcessingJobAsync(new DescribeProcessingJobRequest { ProcessingJobName = "tiny-none" }));
        Assert.Equal("Could not find requested job with name tiny-none", unknown.Message);

        await sageMaker.CreateProcessingJobAsync(Request(scenario, "tiny-sleep", new Dictionary<string, string> { ["TINY_SLEEP"] = "60" }));
        var duplicate = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateProcessingJobAsync(Request(scenario, "tiny-sleep")));
        Assert.Equal(SageMakerErrorCodes.ResourceInUse, duplicate.ErrorCode);
        await scenario.WaitForLogAsync("tiny-sleep", "sleeping 60 s", group: "/aws/sagemaker/ProcessingJobs");
        await sageMaker.StopProcessingJobAsync(new StopProcessingJobRequest { ProcessingJobName = "tiny-sleep" });
        Assert.Equal(ProcessingJobStatus.Stopping, (await sageMaker.DescribeProcessingJobAsync(new DescribeProcessingJobRequest { ProcessingJobName = "tiny-sleep" })).ProcessingJobStatus);
        var stopped = await WaitAsync(scenario, "tiny-sleep");
        Assert.Equal((ProcessingJobStatus.Stopped, null), (stopped.ProcessingJobStatus, stopped.FailureReason));
    }
}
