using System.Text.Json.Nodes;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local;
using Stepwise.Workbook;
using Stepwise.Workbook.Build;
using Stepwise.Workbook.Iam;
using Xunit.Abstractions;

namespace Stepwise.EndToEnd.Tests;

/// <summary>Issue 11, item 7: the seed's pipeline with IAM enforced — notebook 01's four least-privilege roles, the real
/// builder Lambda (lib/Stepwise.Builder, its own process, acting as its role) → CodeBuild → the image in local ECR →
/// training on that image → model → endpoint config → endpoint; and what fails when a permission is missing.</summary>
[Collection(LeastPrivilegeCollection.Name)]
public sealed class LeastPrivilegePipelineTests(LeastPrivilegeCloudFixture fixture, ITestOutputHelper output)
{
    private static readonly Dictionary<string, object> Smoke = new()
    {
        ["num_epochs"] = 1,
        ["num_classes"] = 2,
        ["backbone"] = "resnet18",
        ["image_size"] = 128,
        ["max_iterations"] = 2,
        ["pretrained"] = "false",
    };

    private ICloud Cloud => fixture.Cloud;

    private PipelineResources Resources => fixture.Resources;

    [Fact]
    public async Task Under_the_least_privilege_roles_the_builder_builds_and_the_pipeline_deploys_the_endpoint()
    {
        foreach (var line in fixture.Setup) output.WriteLine(line);
        var names = Names("ok");
        var workflow = MaskRCnnPipeline.Create(Resources, Cloud.StepFunctions, Options());
        await workflow.CreateAsync();

        var done = await RunAsync(workflow.ToJson(), Resources.WorkflowRoleArn, names);

        Assert.True(done.Status == "SUCCEEDED", $"{done.Status}: {done.Error}: {done.Cause}");
        var history = await HistoryAsync(done.ExecutionArn);
        var built = JsonNode.Parse(history.First(e => e.Type == "TaskSucceeded").TaskSucceededEventDetails!.Output!)!["Payload"]!;
        Assert.Equal("SUCCEEDED", built["status"]!.GetValue<string>());
        Assert.Equal(Resources.ImageUri, built["image"]!.GetValue<string>());
        var build = (await Cloud.CodeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = [built["buildId"]!.GetValue<string>()] })).Builds!.Single();
        Assert.Equal("SUCCEEDED", build.BuildStatus);
        Assert.Equal(Resources.CodeBuildRoleArn, (await Cloud.CodeBuild.BatchGetProjectsAsync(new BatchGetProjectsInput { Names = [PipelineResources.BuildProject] })).Projects!.Single().ServiceRole);

        var job = await Cloud.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = names["JobName"] });
        Assert.Equal((TrainingJobStatus.Completed, Resources.SageMakerRoleArn, Resources.ImageUri), (job.TrainingJobStatus, job.RoleArn, job.AlgorithmSpecification!.TrainingImage));
        var endpoint = await PipelineRun.WaitInServiceAsync(Cloud, names["EndpointName"]);
        Assert.Equal(names["ModelName"], endpoint.ModelName);
        await Cloud.SageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = names["EndpointName"] });
    }

    [Fact]
    public async Task A_workflow_role_without_CreateTrainingJob_fails_the_training_state_with_AWSs_AccessDenied()
    {
        var narrowed = WorkbookRoles.For(Resources).Workflow.Without("sagemaker:CreateTrainingJob", "StepwiseWorkflowNoTraining");
        await RoleSetup.EnsureAsync(Cloud.Iam, [narrowed]);
        var names = Names("denied");

        var done = await RunAsync(MaskRCnnPipeline.Create(Resources, options: Options()).ToJson(), narrowed.Arn, names, "pipeline-no-training");

        Assert.Equal("FAILED", done.Status);
        var history = await HistoryAsync(done.ExecutionArn);
        var failed = history.Single(e => e.Type == "TaskFailed" && e.TaskFailedEventDetails!.Resource == "createTrainingJob.sync").TaskFailedEventDetails!;
        Assert.Equal("SageMaker.AmazonSageMakerException", failed.Error);
        Assert.Matches(@"^User: arn:aws:sts::123456789012:assumed-role/StepwiseWorkflowNoTraining/\w+ is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:123456789012:training-job/" + names["JobName"] + " because no identity-based policy allows the sagemaker:CreateTrainingJob action", failed.Cause);
        Assert.Equal("Train Mask R-CNN", history.Last(e => e.Type == "TaskStateEntered").StateEnteredEventDetails!.Name);
        await Assert.ThrowsAsync<SageMakerException>(() => Cloud.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = names["JobName"] }));
    }

    [Fact]
    public async Task A_SageMaker_role_without_GetObject_on_the_data_fails_the_training_job_with_SageMakers_reason()
    {
        var narrowed = WorkbookRoles.For(Resources).SageMaker.Without("s3:GetObject", "StepwiseSageMakerNoRead");
        await RoleSetup.EnsureAsync(Cloud.Iam, [narrowed]);
        var name = "maskrcnn-noread-" + Guid.NewGuid().ToString("N")[..6];

        await Cloud.SageMaker.CreateTrainingJobAsync(new CreateTrainingJobRequest
        {
            TrainingJobName = name,
            RoleArn = narrowed.Arn,
            AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = Resources.ImageUri, TrainingInputMode = "File" },
            HyperParameters = Smoke.ToDictionary(p => p.Key, p => p.Value.ToString()!),
            InputDataConfig =
            [
                new Channel
                {
                    ChannelName = "training",
                    DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = "S3Prefix", S3Uri = $"{Resources.Bucket}/{LeastPrivilegeCloudFixture.DataPrefix}" } },
                },
            ],
            OutputDataConfig = new OutputDataConfig { S3OutputPath = $"{Resources.Bucket}/models" },
            ResourceConfig = new ResourceConfig { InstanceCount = 1, InstanceType = "ml.m5.xlarge", VolumeSizeInGB = 10 },
            StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 600 },
        });
        var job = await WaitJobAsync(name);

        Assert.Equal(TrainingJobStatus.Failed, job.TrainingJobStatus);
        Assert.StartsWith($"ClientError: Data download failed:Unable to download object {Resources.Bucket}/{LeastPrivilegeCloudFixture.DataPrefix}/", job.FailureReason);
        Assert.Contains("(AccessDenied: Access Denied)", job.FailureReason);
    }

    [Fact]
    public async Task A_failing_builder_is_retried_then_the_Catch_on_States_ALL_routes_it_to_LambdaTaskFailed()
    {
        // The same pipeline, asking for an image tag docker refuses, its Retry interval shortened to keep the test short.
        var definition = JsonNode.Parse(MaskRCnnPipeline.Create(Resources, options: Options()).ToJson())!;
        var build = definition["States"]!["Calls CodeBuild to Build Container"]!;
        build["Parameters"]!["Payload"]!["ImageTag"] = "not a tag!";
        build["Retry"]![0]!["IntervalSeconds"] = 1;
        build["Retry"]![0]!["BackoffRate"] = 1.0;
        var names = Names("catch");

        var done = await RunAsync(definition.ToJsonString(), Resources.WorkflowRoleArn, names, "pipeline-bad-tag");

        Assert.Equal(("FAILED", "Building the container image failed"), (done.Status, done.Cause));
        var history = await HistoryAsync(done.ExecutionArn);
        var attempts = history.Where(e => e.Type == "LambdaFunctionFailed" || e.Type == "TaskFailed").ToList();
        Assert.Equal(3, attempts.Count); // the first call and the two retries
        Assert.All(attempts, a => Assert.Equal("BuildFailed", a.TaskFailedEventDetails?.Error ?? a.LambdaFunctionFailedEventDetails?.Error));
        var cause = attempts[0].TaskFailedEventDetails?.Cause ?? attempts[0].LambdaFunctionFailedEventDetails?.Cause;
        Assert.True(cause?.Contains("ended FAILED in phase BUILD: COMMAND_EXECUTION_ERROR: Error while executing command: stepwise-image push", StringComparison.Ordinal), cause);
        Assert.Equal("LambdaTaskFailed", history.Last(e => e.Type == "FailStateEntered").StateEnteredEventDetails!.Name);
    }

    private MaskRCnnPipelineOptions Options() => new()
    {
        Hyperparameters = Smoke,
        TrainingData = $"{Resources.Bucket}/{LeastPrivilegeCloudFixture.DataPrefix}",
    };

    private static Dictionary<string, string> Names(string kind)
    {
        var name = $"maskrcnn-{kind}-{Guid.NewGuid().ToString("N")[..6]}";
        return new() { ["JobName"] = name, ["ModelName"] = name, ["EndpointName"] = name };
    }

    /// <summary>Creates (or updates) the state machine under <paramref name="roleArn"/>, runs it on <paramref name="names"/>, waits.</summary>
    private async Task<DescribeExecutionOutput> RunAsync(string definition, string roleArn, Dictionary<string, string> names, string machine = MaskRCnnPipeline.Name)
    {
        var arn = $"arn:aws:states:{Cloud.Region}:{Cloud.AccountId}:stateMachine:{machine}";
        try
        {
            await Cloud.StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput { Name = machine, Definition = definition, RoleArn = roleArn });
        }
        catch (StepFunctionsException e) when (e.ErrorCode == StepFunctionsErrorCodes.StateMachineAlreadyExists)
        {
            await Cloud.StepFunctions.UpdateStateMachineAsync(new UpdateStateMachineInput { StateMachineArn = arn, Definition = definition, RoleArn = roleArn });
        }
        var started = await Cloud.StepFunctions.StartExecutionAsync(new StartExecutionInput
        {
            StateMachineArn = arn,
            Name = names["JobName"],
            Input = System.Text.Json.JsonSerializer.Serialize(names),
        });
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        while (true)
        {
            var execution = await Cloud.StepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn }, limit.Token);
            if (execution.Status != "RUNNING")
                return execution;
            await Task.Delay(500, limit.Token);
        }
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn) =>
        (await Cloud.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = executionArn, MaxResults = 1000 })).Events;

    private async Task<DescribeTrainingJobResponse> WaitJobAsync(string name)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            var job = await Cloud.SageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name }, limit.Token);
            if (job.TrainingJobStatus is not TrainingJobStatus.InProgress and not TrainingJobStatus.Stopping)
                return job;
            await Task.Delay(250, limit.Token);
        }
    }
}

/// <summary>One local cloud with IAM enforced for the class: notebook 01's roles, notebook 02's builder function, the
/// data in the bucket.</summary>
public sealed class LeastPrivilegeCloudFixture : IAsyncLifetime
{
    public const string DataPrefix = "data/least-privilege";

    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-least-privilege-").FullName;

    public ICloud Cloud { get; private set; } = null!;

    public PipelineResources Resources => PipelineResources.For(Cloud);

    public List<string> Setup { get; } = [];

    public async Task InitializeAsync()
    {
        var log = new StringWriter();
        Cloud = await Backend.ConnectAsync(new BackendOptions
        {
            Kind = BackendKind.Local,
            Local = new LocalCloudOptions { DataDirectory = _data, EnforceIam = true },
            Log = log,
        });
        using var setup = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        log.WriteLine((await WorkbookRoles.EnsureAsync(Cloud, setup.Token)).ToString());
        await ContainerBuild.DeployBuilderAsync(Cloud, Resources, log, setup.Token);
        await LocalPipelineData.PrepareAsync(Cloud.Local, Resources, log, images: 6, dataPrefix: DataPrefix, heldOut: 1, cancellationToken: setup.Token);
        Setup.AddRange(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public async Task DisposeAsync()
    {
        if (Cloud is not null)
            await Cloud.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LeastPrivilegeCollection : ICollectionFixture<LeastPrivilegeCloudFixture>
{
    public const string Name = "Least privilege";
}
