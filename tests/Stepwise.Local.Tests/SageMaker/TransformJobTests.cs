using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.S3;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class TransformJobTests(TinyContainerFixture image)
{
    internal static CreateTransformJobRequest Request(string name, string model, string input = "s3://models/batch/", string? split = SplitType.Line,
        string? strategy = BatchStrategy.SingleRecord, string? assemble = AssemblyType.Line, string dataType = S3DataType.S3Prefix) => new()
    {
        TransformJobName = name,
        ModelName = model,
        BatchStrategy = strategy,
        TransformInput = new TransformInput
        {
            DataSource = new TransformDataSource { S3DataSource = new TransformS3DataSource { S3DataType = dataType, S3Uri = input } },
            ContentType = "text/csv",
            SplitType = split,
        },
        TransformOutput = new TransformOutput { S3OutputPath = "s3://models/predictions", Accept = "application/json", AssembleWith = assemble },
        TransformResources = new TransformResources { InstanceType = "ml.m5.large", InstanceCount = 1 },
        ModelClientConfig = new ModelClientConfig { InvocationsMaxRetries = 0, InvocationsTimeoutInSeconds = 30 },
    };

    private static async Task<DescribeTransformJobResponse> WaitAsync(EndpointScenario scenario, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await scenario.SageMaker.WaitForTransformJobAsync(name, timeout.Token);
    }

    [Fact]
    public async Task A_transform_job_sends_each_line_to_the_container_and_writes_the_answers_joined_by_lines_per_input_file()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        await scenario.Cloud.S3.PutTextAsync("models", "batch/a.csv", "1,2\n3,4\n");
        await scenario.Cloud.S3.PutTextAsync("models", "batch/sub/b.csv", "5,6");
        await scenario.SageMaker.CreateModelAsync(scenario.Model("tiny-model"));

        var created = await scenario.SageMaker.CreateTransformJobAsync(Request("tiny-batch", "tiny-model"));
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:transform-job/tiny-batch", created.TransformJobArn);
        var job = await WaitAsync(scenario, "tiny-batch");

        Assert.True(job.TransformJobStatus == TransformJobStatus.Completed, job.FailureReason);
        Assert.NotNull(job.TransformStartTime);
        Assert.True(job.TransformEndTime >= job.TransformStartTime);
        Assert.Equal((6, 1), (job.MaxPayloadInMB, job.MaxConcurrentTransforms));
        Assert.Equal(
            "echo[text/csv|application/json|] model=weights-v1 greeting=first: 1,2\necho[text/csv|application/json|] model=weights-v1 greeting=first: 3,4\n",
            await scenario.Cloud.S3.GetTextAsync("models", "predictions/a.csv.out"));
        Assert.Equal("echo[text/csv|application/json|] model=weights-v1 greeting=first: 5,6\n", await scenario.Cloud.S3.GetTextAsync("models", "predictions/sub/b.csv.out"));

        var streams = await scenario.Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = "/aws/sagemaker/TransformJobs" });
        var stream = Assert.Single(streams.LogStreams!).LogStreamName!;
        Assert.Matches("^tiny-batch/i-[0-9a-f]{17}-[0-9]+$", stream);
        var events = await scenario.Cloud.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/aws/sagemaker/TransformJobs", LogStreamName = stream, StartFromHead = true });
        Assert.Equal(3, events.Events!.Count(e => e.Message!.StartsWith("invocation of", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MultiRecord_sends_the_lines_together_and_SplitType_None_sends_each_manifest_file_whole()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        await scenario.Cloud.S3.PutTextAsync("models", "batch/a.csv", "1\n2\n3\n");
        await scenario.Cloud.S3.PutTextAsync("models", "batch/b.csv", "x\ny");
        await scenario.Cloud.S3.PutTextAsync("models", "lists/manifest.json", """[{"prefix": "s3://models/batch/"}, "b.csv"]""");
        await scenario.SageMaker.CreateModelAsync(scenario.Model("tiny-model"));

        await scenario.SageMaker.CreateTransformJobAsync(Request("tiny-multi", "tiny-model", strategy: BatchStrategy.MultiRecord, assemble: AssemblyType.None));
        Assert.Equal(TransformJobStatus.Completed, (await WaitAsync(scenario, "tiny-multi")).TransformJobStatus);
        Assert.Equal("echo[text/csv|application/json|] model=weights-v1 greeting=first: 1\n2\n3\n", await scenario.Cloud.S3.GetTextAsync("models", "predictions/a.csv.out"));

        await scenario.SageMaker.CreateTransformJobAsync(Request("tiny-whole", "tiny-model", "s3://models/lists/manifest.json", split: null, strategy: null, assemble: null, dataType: S3DataType.ManifestFile));
        var whole = await WaitAsync(scenario, "tiny-whole");
        Assert.Equal((TransformJobStatus.Completed, SplitType.None, BatchStrategy.MultiRecord, AssemblyType.None),
            (whole.TransformJobStatus, whole.TransformInput.SplitType, whole.BatchStrategy, whole.TransformOutput!.AssembleWith));
        Assert.Equal("echo[text/csv|application/json|] model=weights-v1 greeting=first: x\ny", await scenario.Cloud.S3.GetTextAsync("models", "predictions/b.csv.out"));
    }

    [Fact]
    public async Task A_record_the_container_refuses_fails_the_job_naming_the_file_and_the_containers_answer()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        await scenario.Cloud.S3.PutTextAsync("models", "batch/a.csv", "ok\nfail here\n");
        await scenario.SageMaker.CreateModelAsync(scenario.Model("tiny-model"));

        await scenario.SageMaker.CreateTransformJobAsync(Request("tiny-bad", "tiny-model"));
        var job = await WaitAsync(scenario, "tiny-bad");

        Assert.Equal(TransformJobStatus.Failed, job.TransformJobStatus);
        Assert.Equal("ClientError: The model container answered 500 with message \"tiny model failed on 'fail here'\" for s3://models/batch/a.csv (request 2 of 2). See job logs for more information.", job.FailureReason);
        Assert.NotNull(job.TransformEndTime);

        await scenario.Cloud.S3.PutTextAsync("models", "big/a.csv", new string('x', (1024 * 1024) + 10));
        await scenario.SageMaker.CreateTransformJobAsync(Request("tiny-big", "tiny-model", "s3://models/big/", split: SplitType.None) with { MaxPayloadInMB = 1 });
        var big = await WaitAsync(scenario, "tiny-big");
        Assert.Equal(TransformJobStatus.Failed, big.TransformJobStatus);
        Assert.StartsWith("ClientError: s3://models/big/a.csv is 1048586 bytes, more than MaxPayloadInMB (1 MB) allows", big.FailureReason);
    }

    [Fact]
    public async Task Creating_validates_as_SageMaker_does_and_a_stopped_job_ends_Stopped()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        var sageMaker = scenario.SageMaker;
        await scenario.Cloud.S3.PutTextAsync("models", "batch/a.csv", "1");

        var missing = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateTransformJobAsync(Request("tiny-nomodel", "nope")));
        Assert.Equal(("ValidationException", "Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/nope\"."), (missing.ErrorCode, missing.Message));

        var invalid = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateTransformJobAsync(Request("tiny-x", "nope", split: "Lines") with { MaxPayloadInMB = 101 }));
        Assert.Equal("2 validation errors detected: Value '101' at 'maxPayloadInMB' failed to satisfy constraint: Member must have value less than or equal to 100; " +
            "Value 'Lines' at 'transformInput.splitType' failed to satisfy constraint: Member must satisfy enum value set: [None, Line, RecordIO, TFRecord]", invalid.Message);

        var unknown = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.DescribeTransformJobAsync(new DescribeTransformJobRequest { TransformJobName = "tiny-none" }));
        Assert.Equal(("ValidationException", "Could not find requested job with name tiny-none"), (unknown.ErrorCode, unknown.Message));

        // A container that never passes /ping keeps the job InProgress until it is stopped.
        await sageMaker.CreateModelAsync(scenario.Model("tiny-sick", new Dictionary<string, string> { ["TINY_PING"] = "fail" }));
        await sageMaker.CreateTransformJobAsync(Request("tiny-stop", "tiny-sick"));
        var duplicate = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.CreateTransformJobAsync(Request("Tiny-Stop", "tiny-sick")));
        Assert.Equal((SageMakerErrorCodes.ResourceInUse, "Job name must be unique within an AWS account and region, and a job with this name already exists (arn:aws:sagemaker:us-east-1:123456789012:transform-job/tiny-stop)"),
            (duplicate.ErrorCode, duplicate.Message));
        await Task.Delay(200);
        await sageMaker.StopTransformJobAsync(new StopTransformJobRequest { TransformJobName = "tiny-stop" });
        var stopped = await WaitAsync(scenario, "tiny-stop");
        Assert.Equal(TransformJobStatus.Stopped, stopped.TransformJobStatus);
        var again = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.StopTransformJobAsync(new StopTransformJobRequest { TransformJobName = "tiny-stop" }));
        Assert.Equal("The request was rejected because the transform job is in status Stopped.", again.Message);
        Assert.Empty(await scenario.Cloud.S3.ListAllAsync("models", "predictions/").ToListAsync());
    }
}
