using System.Text.Json.Nodes;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows.Templates;

/// <summary>The Python SDK's <c>TrainingPipeline</c> template: train a model, create it, configure an endpoint and deploy it
/// (states <c>Training</c> → <c>Create Model</c> → <c>Configure Endpoint</c> → <c>Deploy</c>). The workflow reads every request
/// from the execution input, which <see cref="ExecutionInputFor"/> makes for one run.</summary>
public sealed class TrainingPipeline
{
    /// <summary>State name of the training job.</summary>
    public const string TrainingStateName = "Training";

    /// <summary>State name of the model creation.</summary>
    public const string CreateModelStateName = "Create Model";

    /// <summary>State name of the endpoint configuration.</summary>
    public const string ConfigureEndpointStateName = "Configure Endpoint";

    /// <summary>State name of the deployment.</summary>
    public const string DeployStateName = "Deploy";

    /// <summary>A training pipeline.</summary>
    /// <param name="estimator">What to train (its instance type and count also serve the endpoint).</param>
    /// <param name="role">The IAM role Step Functions assumes to run the workflow.</param>
    /// <param name="inputs">The training data, in any form <see cref="TrainingStep.Data"/> takes.</param>
    /// <param name="s3Bucket">The bucket for model artifacts (<c>s3://bucket/pipeline/models</c>).</param>
    /// <param name="pipelineName">The state machine name; <c>training-pipeline-yyyy-MM-dd-HH-mm-ss</c> when null.</param>
    public TrainingPipeline(Estimator estimator, string role, object inputs, string s3Bucket, string? pipelineName = null)
    {
        Estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(s3Bucket);
        Role = role;
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        S3Bucket = s3Bucket;
        PipelineName = pipelineName ?? $"training-pipeline-{PipelineTemplate.Timestamp()}";
    }

    /// <summary>What to train.</summary>
    public Estimator Estimator { get; }

    /// <summary>The IAM role Step Functions assumes.</summary>
    public string Role { get; }

    /// <summary>The training data.</summary>
    public object Inputs { get; }

    /// <summary>The bucket for model artifacts.</summary>
    public string S3Bucket { get; }

    /// <summary>The state machine name.</summary>
    public string PipelineName { get; }

    /// <summary>The workflow, its steps reading their parameters from <c>$$.Execution.Input['State']</c>.</summary>
    public Workflow Build() => new(PipelineName, PipelineTemplate.Parameterized(Steps()), Role);

    /// <summary>The concrete request of each state, by state name, before a run's names are filled in.</summary>
    public JsonObject InputTemplate() => PipelineTemplate.InputTemplate(Steps());

    /// <summary>The execution input for one run, as the Python template's <c>execute()</c> sends it: job, model, endpoint
    /// configuration and endpoint named <paramref name="jobName"/> (the training job <c>estimator-jobName</c>).</summary>
    /// <param name="jobName">The run's name.</param>
    /// <param name="hyperparameters">Hyperparameters replacing the estimator's, written with Python's <c>str()</c>.</param>
    public JsonObject ExecutionInputFor(string jobName, IReadOnlyDictionary<string, object>? hyperparameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        var inputs = InputTemplate();
        var training = inputs[TrainingStateName]!.AsObject();
        if (hyperparameters is not null) training["HyperParameters"] = PipelineTemplate.Hyperparameters(hyperparameters);
        training["TrainingJobName"] = "estimator-" + jobName;
        training["OutputDataConfig"]!["S3OutputPath"] = $"s3://{S3Bucket}/{PipelineName}/models";

        var model = inputs[CreateModelStateName]!.AsObject();
        model["ModelName"] = jobName;
        var endpointConfig = inputs[ConfigureEndpointStateName]!.AsObject();
        endpointConfig["EndpointConfigName"] = jobName;
        foreach (var variant in endpointConfig["ProductionVariants"]!.AsArray()) variant!["ModelName"] = jobName;
        var deploy = inputs[DeployStateName]!.AsObject();
        deploy["EndpointConfigName"] = jobName;
        deploy["EndpointName"] = jobName;

        model["PrimaryContainer"]!["ModelDataUrl"] =
            $"{training["OutputDataConfig"]!["S3OutputPath"]}/{training["TrainingJobName"]}/output/model.tar.gz";
        return inputs;
    }

    private List<ServiceIntegrationStep> Steps()
    {
        var outputPath = Estimator.OutputPath ?? $"s3://{S3Bucket}/{PipelineName}/models";
        var jobName = $"{PipelineName}/estimator-source";
        var model = new Model { ImageUri = Estimator.ImageUri, Role = Estimator.Role, ModelData = $"{outputPath}/{jobName}/output/model.tar.gz" };
        return
        [
            new TrainingStep(TrainingStateName, Estimator, jobName) { Data = Inputs, OutputDataConfigPath = outputPath },
            new ModelStep(CreateModelStateName, model, PipelineName),
            new EndpointConfigStep(ConfigureEndpointStateName, PipelineName, PipelineName, Estimator.InstanceCount, Estimator.InstanceType),
            new EndpointStep(DeployStateName, PipelineName, PipelineName),
        ];
    }
}
