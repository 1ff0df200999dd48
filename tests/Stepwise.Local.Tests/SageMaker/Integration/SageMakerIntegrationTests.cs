using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows;
using Stepwise.Workflows.SageMaker;
using Tag = Stepwise.Aws.SageMaker.Tag;

namespace Stepwise.Local.Tests.SageMaker.Integration;

/// <summary>The <c>arn:aws:states:::sagemaker:*</c> integrations over a scripted <see cref="ISageMaker"/>.</summary>
public sealed class SageMakerIntegrationTests
{
    private static readonly Estimator Estimator = new()
    {
        ImageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny:latest",
        Role = "arn:aws:iam::123456789012:role/SageMakerRole",
        InstanceCount = 1,
        InstanceType = "ml.m5.large",
        OutputPath = "s3://bucket/output",
        Hyperparameters = new Dictionary<string, object> { ["epochs"] = 2, ["lr"] = 0.1 },
        MetricDefinitions = [new Workflows.SageMaker.MetricDefinition("train:loss", "loss=([0-9.]+)")],
    };

    private static string Training(bool sync = true) =>
        SageMakerHarness.Definition(new TrainingStep("Train", Estimator, "job-1", sync) { Data = "s3://bucket/data/train" });

    private const string TrainingArn = "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1";

    [Fact]
    public async Task A_TrainingStep_sync_creates_the_job_from_its_parameters_polls_until_Completed_and_returns_the_description()
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 3, end: TrainingJobStatus.Completed);

        var execution = await harness.RunAsync(Training());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var request = Assert.Single(harness.Fake.Requests<CreateTrainingJobRequest>("CreateTrainingJob"));
        Assert.Equal("job-1", request.TrainingJobName);
        Assert.Equal(Estimator.Role, request.RoleArn);
        Assert.Equal(Estimator.ImageUri, request.AlgorithmSpecification!.TrainingImage);
        Assert.Equal("File", request.AlgorithmSpecification.TrainingInputMode);
        Assert.Equal("loss=([0-9.]+)", Assert.Single(request.AlgorithmSpecification.MetricDefinitions!).Regex);
        Assert.Equal("2", request.HyperParameters!["epochs"]);
        Assert.Equal("0.1", request.HyperParameters["lr"]);
        var channel = Assert.Single(request.InputDataConfig!);
        Assert.Equal("training", channel.ChannelName);
        Assert.Equal("s3://bucket/data/train", channel.DataSource!.S3DataSource!.S3Uri);
        Assert.Equal("s3://bucket/output", request.OutputDataConfig!.S3OutputPath);
        Assert.Equal(1, request.ResourceConfig!.InstanceCount);
        Assert.Equal(86400, request.StoppingCondition!.MaxRuntimeInSeconds);

        Assert.Equal(4, harness.Fake.Requests<DescribeTrainingJobRequest>("DescribeTrainingJob").Count);
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal("Completed", output["TrainingJobStatus"]!.GetValue<string>());
        Assert.Equal("s3://bucket/output/job-1/output/model.tar.gz", output["ModelArtifacts"]!["S3ModelArtifacts"]!.GetValue<string>());
        Assert.Equal(TrainingArn, output["TrainingJobArn"]!.GetValue<string>());

        // AWS's events, with .sync kept in the resource and the Create* response in TaskSubmitted.
        var history = await harness.HistoryAsync(execution.ExecutionArn);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            history.Select(e => e.Type));
        var scheduled = history.Single(e => e.Type == "TaskScheduled").TaskScheduledEventDetails!;
        Assert.Equal(("sagemaker", "createTrainingJob.sync"), (scheduled.ResourceType, scheduled.Resource));
        Assert.Equal("job-1", JsonNode.Parse(scheduled.Parameters)!["TrainingJobName"]!.GetValue<string>());
        var submitted = history.Single(e => e.Type == "TaskSubmitted").TaskSubmittedEventDetails!;
        Assert.Equal(("sagemaker", "createTrainingJob.sync"), (submitted.ResourceType, submitted.Resource));
        Assert.Equal($$"""{"TrainingJobArn":"{{TrainingArn}}"}""", submitted.Output);
        Assert.Equal("Completed", JsonNode.Parse(history.Single(e => e.Type == "TaskSucceeded").TaskSucceededEventDetails!.Output!)!["TrainingJobStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_the_execution_submitted_before_a_restart_is_followed_when_Create_answers_ResourceInUse()
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 1, end: TrainingJobStatus.Completed);
        IReadOnlyList<Tag>? submittedTags = null;
        harness.Fake
            .On<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", r =>
            {
                submittedTags = r.Tags; // as the first run of the task created it, then the engine restarted
                throw new SageMakerException(SageMakerErrorCodes.ResourceInUse, $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({TrainingArn})");
            })
            .On<ListTagsInput, ListTagsOutput>("ListTags", r => new ListTagsOutput { Tags = r.ResourceArn == TrainingArn ? submittedTags : [] });

        var execution = await harness.RunAsync(Training());

        Assert.True(execution.Status == ExecutionStatus.Succeeded, execution.Cause);
        var marker = Assert.Single(submittedTags!);
        Assert.Equal((SageMakerIntegration.MarkerTag, execution.ExecutionArn), (marker.Key, marker.Value));
        Assert.Equal(TrainingArn, Assert.Single(harness.Fake.Requests<ListTagsInput>("ListTags")).ResourceArn);
        Assert.Equal("Completed", JsonNode.Parse(execution.Output!)!["TrainingJobStatus"]!.GetValue<string>());
        var submitted = (await harness.HistoryAsync(execution.ExecutionArn)).Single(e => e.Type == "TaskSubmitted").TaskSubmittedEventDetails!;
        Assert.Equal($$"""{"TrainingJobArn":"{{TrainingArn}}"}""", submitted.Output);
    }

    [Fact]
    public async Task A_job_of_the_same_name_someone_else_submitted_keeps_the_ResourceInUse_error()
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 0, end: TrainingJobStatus.Completed);
        harness.Fake
            .On<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", _ =>
                throw new SageMakerException(SageMakerErrorCodes.ResourceInUse, "Training job names must be unique within an AWS account and region, and a training job with this name already exists"))
            .On<ListTagsInput, ListTagsOutput>("ListTags", _ => new ListTagsOutput { Tags = [new Tag { Key = SageMakerIntegration.MarkerTag, Value = "arn:aws:states:us-east-1:123456789012:execution:other:run" }] });

        var execution = await harness.RunAsync(Training());

        Assert.Equal((ExecutionStatus.Failed, "SageMaker.AmazonSageMakerException"), (execution.Status, execution.Error));
        Assert.Contains("Error Code: ResourceInUse", execution.Cause);
        Assert.Empty(harness.Fake.Requests<DescribeTrainingJobRequest>("DescribeTrainingJob").Skip(1));
    }

    [Fact]
    public async Task Without_sync_the_task_returns_the_Create_response_and_does_not_wait()
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 0, end: null);

        var execution = await harness.RunAsync(Training(sync: false));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal($$"""{"TrainingJobArn":"{{TrainingArn}}"}""", execution.Output);
        Assert.Empty(harness.Fake.Requests<DescribeTrainingJobRequest>("DescribeTrainingJob"));
        var history = await harness.HistoryAsync(execution.ExecutionArn);
        Assert.DoesNotContain(history, e => e.Type == "TaskSubmitted");
        Assert.Equal("createTrainingJob", history.Single(e => e.Type == "TaskScheduled").TaskScheduledEventDetails!.Resource);
    }

    [Fact]
    public async Task Model_endpoint_config_endpoint_and_update_endpoint_pass_their_parameters_and_return_the_Create_responses()
    {
        await using var harness = new SageMakerHarness();
        const string arn = "arn:aws:sagemaker:us-east-1:123456789012:";
        harness.Fake
            .On<CreateModelInput, CreateModelOutput>("CreateModel", r => new CreateModelOutput { ModelArn = arn + "model/" + r.ModelName })
            .On<CreateEndpointConfigInput, CreateEndpointConfigOutput>("CreateEndpointConfig", r => new CreateEndpointConfigOutput { EndpointConfigArn = arn + "endpoint-config/" + r.EndpointConfigName })
            .On<CreateEndpointInput, CreateEndpointOutput>("CreateEndpoint", r => new CreateEndpointOutput { EndpointArn = arn + "endpoint/" + r.EndpointName })
            .On<UpdateEndpointInput, UpdateEndpointOutput>("UpdateEndpoint", r => new UpdateEndpointOutput { EndpointArn = arn + "endpoint/" + r.EndpointName });
        var model = new ModelStep("Model", new Model { ImageUri = Estimator.ImageUri, Role = Estimator.Role, ModelData = "s3://bucket/model.tar.gz", Name = "m1" })
            { ResultPath = "$.model" };
        var config = new EndpointConfigStep("Config", "c1", "m1", 1, "ml.m5.large") { ResultPath = "$.config" };
        var endpoint = new EndpointStep("Endpoint", "e1", "c1") { ResultPath = "$.endpoint" };
        var update = new EndpointStep("Update", "e1", "c1", update: true) { ResultPath = "$.update" };

        var execution = await harness.RunAsync(SageMakerHarness.Definition(new Chain(model, config, endpoint, update)));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal(arn + "model/m1", output["model"]!["ModelArn"]!.GetValue<string>());
        Assert.Equal(arn + "endpoint-config/c1", output["config"]!["EndpointConfigArn"]!.GetValue<string>());
        Assert.Equal(arn + "endpoint/e1", output["endpoint"]!["EndpointArn"]!.GetValue<string>());
        Assert.Equal(arn + "endpoint/e1", output["update"]!["EndpointArn"]!.GetValue<string>());

        var created = Assert.Single(harness.Fake.Requests<CreateModelInput>("CreateModel"));
        Assert.Equal((Estimator.ImageUri, "s3://bucket/model.tar.gz"), (created.PrimaryContainer!.Image, created.PrimaryContainer.ModelDataUrl));
        Assert.Equal(Estimator.Role, created.ExecutionRoleArn);
        var variant = Assert.Single(Assert.Single(harness.Fake.Requests<CreateEndpointConfigInput>("CreateEndpointConfig")).ProductionVariants);
        Assert.Equal(("m1", "ml.m5.large", 1), (variant.ModelName, variant.InstanceType, variant.InitialInstanceCount));
        Assert.Equal("c1", Assert.Single(harness.Fake.Requests<UpdateEndpointInput>("UpdateEndpoint")).EndpointConfigName);
        var resources = (await harness.HistoryAsync(execution.ExecutionArn)).Where(e => e.Type == "TaskScheduled").Select(e => e.TaskScheduledEventDetails!.Resource);
        Assert.Equal(["createModel", "createEndpointConfig", "createEndpoint", "updateEndpoint"], resources);
    }

    [Theory]
    [InlineData("Failed", "AlgorithmError: Hyperparameter 'lr' must be a number, got \"abc\".")]
    [InlineData("Stopped", null)]
    public async Task A_job_that_ends_Failed_or_Stopped_fails_the_task_with_States_TaskFailed_and_its_reason(string end, string? reason)
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 1, end, reason);

        var execution = await harness.RunAsync(Training());

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("States.TaskFailed", execution.Error);
        var cause = JsonNode.Parse(execution.Cause!)!;
        Assert.Equal(end, cause["TrainingJobStatus"]!.GetValue<string>());
        if (reason is not null)
            Assert.Equal(reason, cause["FailureReason"]!.GetValue<string>());
        var failed = (await harness.HistoryAsync(execution.ExecutionArn)).Single(e => e.Type == "TaskFailed").TaskFailedEventDetails!;
        Assert.Equal(("sagemaker", "createTrainingJob.sync", "States.TaskFailed"), (failed.ResourceType, failed.Resource, failed.Error));
        Assert.Empty(harness.Fake.Requests<StopTrainingJobRequest>("StopTrainingJob"));
    }

    [Fact]
    public async Task Stopping_the_execution_stops_the_training_job()
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 0, end: null);
        var arn = await harness.StartAsync(Training());
        await Until(() => harness.Fake.Requests<DescribeTrainingJobRequest>("DescribeTrainingJob").Count >= 2);

        await harness.StepFunctions.StopExecutionAsync(new StopExecutionInput { ExecutionArn = arn, Error = "Enough", Cause = "stopped by the test" })
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("job-1", Assert.Single(harness.Fake.Requests<StopTrainingJobRequest>("StopTrainingJob")).TrainingJobName);
        var execution = await harness.StepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Aborted, execution.Status);
        var history = await harness.HistoryAsync(arn);
        Assert.Contains(history, e => e.Type == "TaskSubmitted");
        Assert.Equal("ExecutionAborted", history[^1].Type);
    }

    [Fact]
    public async Task A_task_timeout_stops_the_transform_job_and_sync_transform_polls_its_own_describe()
    {
        await using var harness = new SageMakerHarness();
        var stopped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Fake
            .On<CreateTransformJobRequest, CreateTransformJobResponse>("CreateTransformJob", r => new CreateTransformJobResponse { TransformJobArn = "arn:t/" + r.TransformJobName })
            .On<DescribeTransformJobRequest, DescribeTransformJobResponse>("DescribeTransformJob", r => new DescribeTransformJobResponse
            {
                TransformJobName = r.TransformJobName, TransformJobArn = "arn:t/" + r.TransformJobName, TransformJobStatus = TransformJobStatus.InProgress, ModelName = "m1",
                TransformInput = new TransformInput { DataSource = new TransformDataSource { S3DataSource = new TransformS3DataSource { S3DataType = "S3Prefix", S3Uri = "s3://b/in" } } },
                TransformResources = new TransformResources { InstanceType = "ml.m5.large", InstanceCount = 1 },
                CreationTime = DateTimeOffset.UnixEpoch,
            })
            .On<StopTransformJobRequest, StopTransformJobOutput>("StopTransformJob", r =>
            {
                stopped.TrySetResult(r.TransformJobName);
                return new StopTransformJobOutput();
            });
        var definition = new Graph(new TransformStep("Transform", new Transformer { ModelName = "m1", InstanceCount = 1, InstanceType = "ml.m5.large", OutputPath = "s3://b/out" },
            "t1", "m1", "s3://b/in") { TimeoutSeconds = 1 }).ToJson();

        var execution = await harness.RunAsync(definition);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("States.Timeout", execution.Error);
        Assert.Equal("t1", await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(harness.Fake.Requests<DescribeTransformJobRequest>("DescribeTransformJob").Count >= 2);
        Assert.Equal("createTransformJob.sync", (await harness.HistoryAsync(execution.ExecutionArn)).Single(e => e.Type == "TaskScheduled").TaskScheduledEventDetails!.Resource);
    }

    [Fact]
    public async Task An_API_error_fails_the_task_with_AmazonSageMakerException_and_the_services_message_and_Catch_sees_it()
    {
        await using var harness = new SageMakerHarness();
        harness.Fake.On<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", _ =>
            throw new SageMakerException(SageMakerErrorCodes.ResourceInUse, "Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn)"));
        var definition = JsonNode.Parse(Training())!;
        definition["States"]!["Train"]!["Catch"] = JsonNode.Parse("""[{"ErrorEquals":["SageMaker.AmazonSageMakerException"],"ResultPath":"$.error","Next":"Caught"}]""");
        definition["States"]!["Caught"] = JsonNode.Parse("""{"Type":"Pass","End":true}""");

        var execution = await harness.RunAsync(definition.ToJsonString());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var error = JsonNode.Parse(execution.Output!)!["error"]!;
        Assert.Equal("SageMaker.AmazonSageMakerException", error["Error"]!.GetValue<string>());
        var cause = error["Cause"]!.GetValue<string>();
        Assert.StartsWith("Training job names must be unique", cause);
        Assert.Contains("(Service: AmazonSageMaker; Status Code: 400; Error Code: ResourceInUse;", cause);
        // One look at the job of that name (is it this execution's?), and no polling.
        Assert.Single(harness.Fake.Requests<DescribeTrainingJobRequest>("DescribeTrainingJob"));
    }

    [Fact]
    public async Task An_operation_the_SageMaker_does_not_serve_fails_with_AmazonSageMakerException_saying_so()
    {
        await using var harness = new SageMakerHarness(); // nothing scripted: every call is UnknownOperationException
        var execution = await harness.RunAsync(SageMakerHarness.Definition(
            new ModelStep("Model", new Model { ImageUri = Estimator.ImageUri, Role = Estimator.Role, Name = "m1" })));

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("SageMaker.AmazonSageMakerException", execution.Error);
        Assert.Contains("CreateModel is not served by the local SageMaker yet.", execution.Cause);
        Assert.Contains("Error Code: UnknownOperationException", execution.Cause);
    }

    [Theory]
    [InlineData("""{"ResourceConfig":{"InstanceCount":"one","InstanceType":"ml.m5.large","VolumeSizeInGB":1}}""", "'ResourceConfig.InstanceCount'")]
    [InlineData("""{"HyperParameters":{"epochs":2}}""", "'HyperParameters.epochs'")]
    [InlineData("""{"RoleArn":null}""", "Value null at 'roleArn' failed to satisfy constraint: Member must not be null")]
    public async Task Parameters_of_the_wrong_shape_fail_with_AmazonSageMakerException_naming_the_member(string patch, string named)
    {
        await using var harness = new SageMakerHarness();
        harness.ScriptTraining(polls: 0, end: TrainingJobStatus.Completed);
        var definition = JsonNode.Parse(Training())!;
        var parameters = definition["States"]!["Train"]!["Parameters"]!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
            if (value is null) parameters.Remove(key);
            else parameters[key] = value.DeepClone();

        var execution = await harness.RunAsync(definition.ToJsonString());

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("SageMaker.AmazonSageMakerException", execution.Error);
        Assert.True(execution.Cause!.Contains(named, StringComparison.Ordinal), execution.Cause);
        Assert.Contains("Error Code: ValidationException", execution.Cause);
        Assert.Empty(harness.Fake.Calls);
    }

    [Fact]
    public async Task Without_a_SageMaker_a_sagemaker_task_fails_with_States_Runtime()
    {
        await using var harness = new SageMakerHarness(withSageMaker: false);
        var execution = await harness.RunAsync(Training());
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("States.Runtime", execution.Error);
        Assert.Contains("arn:aws:states:::sagemaker:createTrainingJob.sync' has no local integration", execution.Cause);
    }

    [Fact]
    public void It_serves_the_SageMaker_integrations_and_their_patterns()
    {
        var integration = new SageMakerIntegration(new FakeSageMaker());
        foreach (var job in new[] { "createTrainingJob", "createTransformJob", "createProcessingJob", "createHyperParameterTuningJob" })
        {
            Assert.True(integration.Handles(SageMakerIntegration.Prefix + job, IntegrationPattern.CallAndContinue));
            Assert.True(integration.Handles(SageMakerIntegration.Prefix + job, IntegrationPattern.WaitForCompletion));
        }
        foreach (var call in new[] { "createModel", "createEndpointConfig", "createEndpoint", "updateEndpoint" })
        {
            Assert.True(integration.Handles(SageMakerIntegration.Prefix + call, IntegrationPattern.CallAndContinue));
            Assert.False(integration.Handles(SageMakerIntegration.Prefix + call, IntegrationPattern.WaitForCompletion));
        }
        Assert.False(integration.Handles(SageMakerIntegration.Prefix + "createTrainingJob", IntegrationPattern.WaitForTaskToken));
        Assert.False(integration.Handles(SageMakerIntegration.Prefix + "deleteEndpoint", IntegrationPattern.CallAndContinue));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 10 s.");
            await Task.Delay(5);
        }
    }
}
