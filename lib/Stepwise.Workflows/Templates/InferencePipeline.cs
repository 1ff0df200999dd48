using System.Text.Json.Nodes;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows.Templates;

/// <summary>The Python SDK's <c>InferencePipeline</c> template: train a preprocessor, transform the training data with it,
/// train the estimator on the result, and deploy both as one pipeline model (states <c>Train Preprocessor</c> →
/// <c>Create Preprocessor Model</c> → <c>Transform Input</c> → <c>Training</c> → <c>Create Pipeline Model</c> →
/// <c>Configure Endpoint</c> → <c>Deploy</c>). Requests come from the execution input made by <see cref="ExecutionInputFor"/>.</summary>
public sealed class InferencePipeline
{
    /// <summary>State name of the preprocessor's training job.</summary>
    public const string TrainPreprocessorStateName = "Train Preprocessor";

    /// <summary>State name of the preprocessor model.</summary>
    public const string CreatePreprocessorModelStateName = "Create Preprocessor Model";

    /// <summary>State name of the batch transform of the training data.</summary>
    public const string TransformInputStateName = "Transform Input";

    /// <summary>State name of the estimator's training job.</summary>
    public const string TrainingStateName = "Training";

    /// <summary>State name of the pipeline model (preprocessor then estimator).</summary>
    public const string CreatePipelineModelStateName = "Create Pipeline Model";

    /// <summary>State name of the endpoint configuration.</summary>
    public const string ConfigureEndpointStateName = "Configure Endpoint";

    /// <summary>State name of the deployment.</summary>
    public const string DeployStateName = "Deploy";

    /// <summary>An inference pipeline.</summary>
    /// <param name="preprocessor">The feature transformer to train first.</param>
    /// <param name="estimator">The model trained on the transformed data.</param>
    /// <param name="inputs">The training data; its <c>train</c> channel is what the preprocessor transforms.</param>
    /// <param name="s3Bucket">The bucket for artifacts and transformed data.</param>
    /// <param name="role">The IAM role Step Functions assumes to run the workflow.</param>
    /// <param name="pipelineName">The state machine name; <c>inference-pipeline-yyyy-MM-dd-HH-mm-ss</c> when null.</param>
    /// <param name="compressionType">Compression of the data the preprocessor transforms.</param>
    /// <param name="contentType">MIME type of the data the preprocessor transforms.</param>
    public InferencePipeline(Estimator preprocessor, Estimator estimator, object inputs, string s3Bucket, string role,
        string? pipelineName = null, string? compressionType = null, string? contentType = null)
    {
        Preprocessor = preprocessor ?? throw new ArgumentNullException(nameof(preprocessor));
        Estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        ArgumentException.ThrowIfNullOrEmpty(s3Bucket);
        ArgumentException.ThrowIfNullOrEmpty(role);
        S3Bucket = s3Bucket;
        Role = role;
        PipelineName = pipelineName ?? $"inference-pipeline-{PipelineTemplate.Timestamp()}";
        CompressionType = compressionType;
        ContentType = contentType;
        _ = PipelineTemplate.TrainChannel(inputs);
    }

    /// <summary>The feature transformer.</summary>
    public Estimator Preprocessor { get; }

    /// <summary>The model trained on the transformed data.</summary>
    public Estimator Estimator { get; }

    /// <summary>The training data.</summary>
    public object Inputs { get; }

    /// <summary>The bucket for artifacts and transformed data.</summary>
    public string S3Bucket { get; }

    /// <summary>The IAM role Step Functions assumes.</summary>
    public string Role { get; }

    /// <summary>The state machine name.</summary>
    public string PipelineName { get; }

    /// <summary>Compression of the data the preprocessor transforms.</summary>
    public string? CompressionType { get; }

    /// <summary>MIME type of the data the preprocessor transforms.</summary>
    public string? ContentType { get; }

    /// <summary>The workflow, its steps reading their parameters from <c>$$.Execution.Input['State']</c>.</summary>
    public Workflow Build() => new(PipelineName, PipelineTemplate.Parameterized(Steps()), Role);

    /// <summary>The concrete request of each state, by state name, before a run's names are filled in.</summary>
    public JsonObject InputTemplate() => PipelineTemplate.InputTemplate(Steps());

    /// <summary>The execution input for one run, as the Python template's <c>execute()</c> sends it: jobs named
    /// <c>preprocessor-jobName</c> and <c>estimator-jobName</c>, the transform writing where the training reads, and the
    /// pipeline model, endpoint configuration and endpoint named <paramref name="jobName"/>.</summary>
    /// <param name="jobName">The run's name.</param>
    /// <param name="hyperparameters">Hyperparameters replacing the estimator's, written with Python's <c>str()</c>.</param>
    public JsonObject ExecutionInputFor(string jobName, IReadOnlyDictionary<string, object>? hyperparameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        var inputs = InputTemplate();
        var models = $"s3://{S3Bucket}/{PipelineName}/models";
        var transformed = $"s3://{S3Bucket}/{PipelineName}/preprocessor-transform-{jobName}/transform";

        var training = inputs[TrainingStateName]!.AsObject();
        if (hyperparameters is not null) training["HyperParameters"] = PipelineTemplate.Hyperparameters(hyperparameters);

        var preprocessorTraining = inputs[TrainPreprocessorStateName]!.AsObject();
        preprocessorTraining["TrainingJobName"] = "preprocessor-" + jobName;
        preprocessorTraining["OutputDataConfig"]!["S3OutputPath"] = models;
        ReplaceSageMakerJobName(preprocessorTraining);

        var preprocessorModel = inputs[CreatePreprocessorModelStateName]!.AsObject();
        preprocessorModel["PrimaryContainer"]!["ModelDataUrl"] = $"{models}/preprocessor-{jobName}/output/model.tar.gz";
        preprocessorModel["ModelName"] = "preprocessor-" + jobName;

        var transform = inputs[TransformInputStateName]!.AsObject();
        transform["ModelName"] = "preprocessor-" + jobName;
        transform["TransformJobName"] = "preprocessor-" + jobName;
        transform["TransformOutput"]!["S3OutputPath"] = transformed;

        training["TrainingJobName"] = "estimator-" + jobName;
        training["InputDataConfig"] = new JsonArray(new JsonObject
        {
            ["ChannelName"] = "train",
            ["DataSource"] = new JsonObject
            {
                ["S3DataSource"] = new JsonObject
                {
                    ["S3DataDistributionType"] = "FullyReplicated",
                    ["S3DataType"] = "S3Prefix",
                    ["S3Uri"] = transformed,
                },
            },
        });
        training["OutputDataConfig"]!["S3OutputPath"] = models;
        ReplaceSageMakerJobName(training);

        var pipelineModel = inputs[CreatePipelineModelStateName]!.AsObject();
        var containers = pipelineModel["Containers"]!.AsArray();
        containers[0]!["ModelDataUrl"] = $"{models}/preprocessor-{jobName}/output/model.tar.gz";
        containers[1]!["ModelDataUrl"] = $"{models}/estimator-{jobName}/output/model.tar.gz";
        pipelineModel["ModelName"] = jobName;

        var endpointConfig = inputs[ConfigureEndpointStateName]!.AsObject();
        endpointConfig["EndpointConfigName"] = jobName;
        foreach (var variant in endpointConfig["ProductionVariants"]!.AsArray()) variant!["ModelName"] = jobName;
        var deploy = inputs[DeployStateName]!.AsObject();
        deploy["EndpointConfigName"] = jobName;
        deploy["EndpointName"] = jobName;
        return inputs;
    }

    /// <summary>Framework estimators carry their job name as the JSON-encoded hyperparameter <c>sagemaker_job_name</c>.</summary>
    private static void ReplaceSageMakerJobName(JsonObject training)
    {
        if (training["HyperParameters"] is JsonObject hyperparameters && hyperparameters.ContainsKey("sagemaker_job_name"))
            hyperparameters["sagemaker_job_name"] = PythonFormat.JsonDumps(training["TrainingJobName"]!.GetValue<string>());
    }

    private List<ServiceIntegrationStep> Steps()
    {
        var name = PipelineName;
        var models = $"s3://{S3Bucket}/{name}/models";
        Model ModelOf(Estimator e, string job) => new() { ImageUri = e.ImageUri, Role = e.Role, ModelData = $"{e.OutputPath ?? models}/{job}/output/model.tar.gz" };

        var preprocessorJob = $"{name}/preprocessor-source";
        var estimatorJob = $"{name}/estimator-source";
        var transformer = new Transformer
        {
            ModelName = name,
            InstanceCount = Preprocessor.InstanceCount,
            InstanceType = Preprocessor.InstanceType,
            MaxPayloadInMB = 20,
            OutputPath = $"s3://{S3Bucket}/{name}/transform",
        };
        var pipelineModel = new Dictionary<string, object?>
        {
            ["ModelName"] = "PipelineModel",
            ["Containers"] = new List<object?>
            {
                SageMakerRequest.Container(ModelOf(Preprocessor, preprocessorJob)),
                SageMakerRequest.Container(ModelOf(Estimator, estimatorJob)),
            },
            ["ExecutionRoleArn"] = Estimator.Role,
        };

        return
        [
            new TrainingStep(TrainPreprocessorStateName, Preprocessor, preprocessorJob) { Data = Inputs, OutputDataConfigPath = Preprocessor.OutputPath ?? models },
            new ModelStep(CreatePreprocessorModelStateName, ModelOf(Preprocessor, preprocessorJob), name),
            new TransformStep(TransformInputStateName, transformer, name, name, PipelineTemplate.TrainChannel(Inputs))
            {
                CompressionType = CompressionType,
                ContentType = ContentType,
            },
            new TrainingStep(TrainingStateName, Estimator, estimatorJob) { Data = Inputs, OutputDataConfigPath = Estimator.OutputPath ?? models },
            new ServiceIntegrationStep(CreatePipelineModelStateName, "sagemaker", "createModel") { Parameters = pipelineModel },
            new EndpointConfigStep(ConfigureEndpointStateName, name, name, Estimator.InstanceCount, Estimator.InstanceType),
            new EndpointStep(DeployStateName, name, name),
        ];
    }
}
