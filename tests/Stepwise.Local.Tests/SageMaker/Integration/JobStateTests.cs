using System.Text.Json.Nodes;
using Stepwise.Local.S3;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.SageMaker.Integration;

/// <summary>The <c>createProcessingJob.sync</c>, <c>createTransformJob.sync</c> and
/// <c>createHyperParameterTuningJob.sync</c> states on the local cloud, running the tiny container for real.</summary>
[Collection(TinyContainerCollection.Name)]
public sealed class JobStateTests(TinyContainerFixture image)
{
    private static JsonObject State(string action, object parameters, string resultPath, string? next) => new()
    {
        ["Type"] = "Task",
        ["Resource"] = $"arn:aws:states:::sagemaker:{action}.sync",
        ["Parameters"] = JsonNode.Parse(parameters switch
        {
            CreateProcessingJobRequest p => SageMakerJson.Serialize(p),
            CreateTransformJobRequest t => SageMakerJson.Serialize(t),
            CreateHyperParameterTuningJobRequest h => SageMakerJson.Serialize(h),
            _ => throw new ArgumentException("not a request", nameof(parameters)),
        }),
        ["ResultPath"] = resultPath,
        [next is null ? "End" : "Next"] = next is null ? true : next,
    };

    [Fact]
    public async Task Processing_transform_and_tuning_sync_states_wait_for_their_jobs_and_return_the_descriptions()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var cloud = scenario.Cloud;
        await cloud.SageMaker.CreateModelAsync(new CreateModelInput
        {
            ModelName = "tiny-model", ExecutionRoleArn = TrainingJobScenario.Role, PrimaryContainer = new ContainerDefinition { Image = scenario.ImageUri },
        });
        var processing = new CreateProcessingJobRequest
        {
            ProcessingJobName = "sfn-process",
            RoleArn = TrainingJobScenario.Role,
            AppSpecification = new AppSpecification { ImageUri = scenario.ImageUri, ContainerArguments = ["--input", "/opt/ml/processing/in", "--output", "/opt/ml/processing/out"] },
            ProcessingInputs = [new ProcessingInput { InputName = "in", S3Input = new ProcessingS3Input { S3Uri = "s3://bucket/data/train/", LocalPath = "/opt/ml/processing/in", S3DataType = "S3Prefix" } }],
            ProcessingOutputConfig = new ProcessingOutputConfig { Outputs = [new ProcessingOutput { OutputName = "out", S3Output = new ProcessingS3Output { S3Uri = "s3://bucket/clean", LocalPath = "/opt/ml/processing/out", S3UploadMode = "EndOfJob" } }] },
            ProcessingResources = new ProcessingResources { ClusterConfig = new ProcessingClusterConfig { InstanceCount = 1, InstanceType = "ml.m5.large", VolumeSizeInGB = 1 } },
        };
        var transform = new CreateTransformJobRequest
        {
            TransformJobName = "sfn-transform",
            ModelName = "tiny-model",
            TransformInput = new TransformInput { DataSource = new TransformDataSource { S3DataSource = new TransformS3DataSource { S3DataType = "S3Prefix", S3Uri = "s3://bucket/clean/a.txt" } }, SplitType = "Line" },
            TransformOutput = new TransformOutput { S3OutputPath = "s3://bucket/scored" },
            TransformResources = new TransformResources { InstanceType = "ml.m5.large", InstanceCount = 1 },
        };
        var tuning = TuningJobTests.Request(scenario, "sfn-tune", HyperParameterTuningJobStrategyType.Random,
            new ParameterRanges { IntegerParameterRanges = [new IntegerParameterRange { Name = "x", MinValue = "2", MaxValue = "4" }] }, maxJobs: 2);
        var definition = new JsonObject
        {
            ["StartAt"] = "Process",
            ["States"] = new JsonObject
            {
                ["Process"] = State("createProcessingJob", processing, "$.process", "Transform"),
                ["Transform"] = State("createTransformJob", transform, "$.transform", "Tune"),
                ["Tune"] = State("createHyperParameterTuningJob", tuning, "$.tune", null),
            },
        };
        var sfn = cloud.StepFunctions;
        var machine = await sfn.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = "jobs", Definition = definition.ToJsonString(), RoleArn = "arn:aws:iam::123456789012:role/StepFunctionsRole",
        });

        var started = await sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Input = "{}" });
        await sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(90));
        var execution = await sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal("Completed", output["process"]!["ProcessingJobStatus"]!.GetValue<string>());
        Assert.Equal("Completed", output["transform"]!["TransformJobStatus"]!.GetValue<string>());
        Assert.Equal("Completed", output["tune"]!["HyperParameterTuningJobStatus"]!.GetValue<string>());
        Assert.Equal(2, output["tune"]!["TrainingJobStatusCounters"]!["Completed"]!.GetValue<int>());
        Assert.StartsWith("echo[||] model=(no model) greeting=: ALPHA", await cloud.S3.GetTextAsync("bucket", "scored/a.txt.out"));
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = started.ExecutionArn })).Events;
        Assert.Equal(3, history.Count(e => e.Type == "TaskSubmitted"));
        Assert.Equal(["createProcessingJob.sync", "createTransformJob.sync", "createHyperParameterTuningJob.sync"],
            history.Where(e => e.Type == "TaskScheduled").Select(e => e.TaskScheduledEventDetails!.Resource));

        // The jobs carry the execution's marker, so that a resumed execution follows them instead of failing on their names.
        var tags = await cloud.SageMaker.ListTagsAsync(new ListTagsInput { ResourceArn = output["process"]!["ProcessingJobArn"]!.GetValue<string>() });
        Assert.Equal(started.ExecutionArn, Assert.Single(tags.Tags!).Value);
    }
}
