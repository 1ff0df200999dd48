using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workbook;

/// <summary>The workbook's pipeline — build the container (Lambda, with Retry and Catch), train, save the model, create
/// the endpoint configuration and the endpoint — exactly as notebook 03 authors it step by step, so that notebook 04
/// and later ones run the same definition (a test holds notebook 03's ASL equal to this one).</summary>
public static class MaskRCnnPipeline
{
    /// <summary>The state machine's name.</summary>
    public const string Name = "Stepwise-MaskRCNN-Pipeline";

    /// <summary>The execution input every run must give.</summary>
    public static ExecutionInput Input() => new(new InputSchema
    {
        ["JobName"] = typeof(string),
        ["ModelName"] = typeof(string),
        ["EndpointName"] = typeof(string),
    });

    /// <summary>The training hyperparameters every run gets unless <see cref="MaskRCnnPipelineOptions.Hyperparameters"/> says otherwise.</summary>
    public static IReadOnlyDictionary<string, object> DefaultHyperparameters { get; } =
        new Dictionary<string, object> { ["num_epochs"] = 1, ["num_classes"] = 2, ["backbone"] = "resnet18" }.AsReadOnly();

    /// <summary>The container's metric definitions (the regexes SageMaker reads its training log with, from
    /// <c>Stepwise.Vision.Training.MetricDefinitions</c>), as the estimator takes them: they fill the training job's
    /// <c>FinalMetricDataList</c>, and notebook 04 reads the same lines while the job runs.</summary>
    public static IReadOnlyList<MetricDefinition> MetricDefinitions { get; } =
        [.. Stepwise.Vision.Training.MetricDefinitions.All.Select(m => new MetricDefinition(m.Name, m.Regex))];

    /// <summary>The workflow, for <paramref name="resources"/>; give <paramref name="client"/> to create and execute it,
    /// and <paramref name="options"/> to change the training (a smoke run's hyperparameters, another data prefix); without
    /// options the definition is notebook 03's.</summary>
    public static Workflow Create(PipelineResources resources, IStepFunctions? client = null, MaskRCnnPipelineOptions? options = null)
    {
        var hyperparameters = new Dictionary<string, object>(DefaultHyperparameters);
        foreach (var (key, value) in options?.Hyperparameters ?? new Dictionary<string, object>())
            hyperparameters[key] = value;
        var executionInput = Input();

        var buildFailed = new FailStep("LambdaTaskFailed") { Cause = "Building the container image failed" };
        var buildContainer = new LambdaStep("Calls CodeBuild to Build Container")
        {
            Parameters = new
            {
                FunctionName = "stepwise-build-container",
                Payload = new { ProjectName = "stepwise-maskrcnn", ImageTag = "latest", WaitForBuild = true },
            },
            Comment = "Starts a CodeBuild job that builds environment/container and pushes it to ECR",
        };
        buildContainer.AddRetry(new Retry("States.TaskFailed") { IntervalSeconds = 15, MaxAttempts = 2, BackoffRate = 4.0 });
        buildContainer.AddCatch(new Catch(["States.ALL"], buildFailed));

        var estimator = new Estimator
        {
            ImageUri = resources.ImageUri,
            Role = resources.SageMakerRoleArn,
            InstanceCount = 1,
            InstanceType = "ml.m5.xlarge",
            OutputPath = $"{resources.Bucket}/models",
            Hyperparameters = hyperparameters,
            MetricDefinitions = options?.MetricDefinitions ?? MetricDefinitions,
        };
        var training = new TrainingStep("Train Mask R-CNN", estimator, executionInput["JobName"]) { Data = options?.TrainingData ?? $"{resources.Bucket}/data/pennfudan" };
        var saveModel = new ModelStep("Save Model", training.GetExpectedModel(), executionInput["ModelName"]);
        var endpointConfig = new EndpointConfigStep("Create Endpoint Config",
            endpointConfigName: executionInput["ModelName"],
            modelName: executionInput["ModelName"],
            initialInstanceCount: 1,
            instanceType: "ml.m5.large");
        var endpoint = new EndpointStep("Create Endpoint",
            endpointName: executionInput["EndpointName"],
            endpointConfigName: executionInput["ModelName"]);

        return new Workflow(Name, new Chain(buildContainer, training, saveModel, endpointConfig, endpoint), resources.WorkflowRoleArn)
        {
            ExecutionInput = executionInput,
            Client = client,
        };
    }
}

/// <summary>What a run of <see cref="MaskRCnnPipeline"/> may change; every member null keeps notebook 03's definition.</summary>
public sealed record MaskRCnnPipelineOptions
{
    /// <summary>Hyperparameters set over <see cref="MaskRCnnPipeline.DefaultHyperparameters"/> (a key given here wins).</summary>
    public IReadOnlyDictionary<string, object>? Hyperparameters { get; init; }

    /// <summary>The training job's metric definitions (the regexes SageMaker applies to the log); the container's
    /// (<see cref="MaskRCnnPipeline.MetricDefinitions"/>) when null.</summary>
    public IReadOnlyList<MetricDefinition>? MetricDefinitions { get; init; }

    /// <summary>The training channel's <c>s3://</c> prefix; <c>{bucket}/data/pennfudan</c> when null.</summary>
    public string? TrainingData { get; init; }
}
