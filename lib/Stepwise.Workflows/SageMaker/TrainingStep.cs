using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Runs a SageMaker training job (<c>sagemaker:createTrainingJob[.sync]</c>) from an <see cref="Estimator"/>, as the
/// Python SDK's <c>TrainingStep</c>: the request is generated from the estimator and this step's options, and
/// <see cref="TaskStep.Parameters"/> are deep-merged over it (a key there replaces the generated one).</summary>
/// <example><code>new TrainingStep("Training", estimator, input["JobName"]) { Data = "s3://bucket/train" }</code></example>
public sealed class TrainingStep : ServiceIntegrationStep
{
    /// <summary>A training step; by default it waits for the job to finish (<c>.sync</c>).</summary>
    /// <param name="name">The state name.</param>
    /// <param name="estimator">What to train.</param>
    /// <param name="jobName">The training job name: a string or a placeholder.</param>
    /// <param name="waitForCompletion">False starts the job and moves on.</param>
    public TrainingStep(string name, Estimator estimator, object jobName, bool waitForCompletion = true)
        : base(name, "sagemaker", "createTrainingJob", Job(waitForCompletion), JobPatterns)
    {
        Estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));
        JobName = SageMakerRequest.StringOrPlaceholder(jobName, $"Training step '{name}': job name");
    }

    /// <summary>What to train.</summary>
    public Estimator Estimator { get; }

    /// <summary>The training job name: a string or a placeholder.</summary>
    public object JobName { get; }

    /// <summary>The training data: an S3 URI, a <see cref="TrainingInput"/> or a placeholder (channel <c>training</c>), or a
    /// dictionary of channel name to any of those.</summary>
    public object? Data { get; init; }

    /// <summary>Hyperparameters merged over the estimator's (a dictionary), or a placeholder for all of them.</summary>
    public object? Hyperparameters { get; init; }

    /// <summary>The <c>mini_batch_size</c> hyperparameter.</summary>
    public int? MiniBatchSize { get; init; }

    /// <summary>SageMaker Experiments association (<c>ExperimentName</c>, <c>TrialName</c>, <c>TrialComponentDisplayName</c>), or a placeholder.</summary>
    public object? ExperimentConfig { get; init; }

    /// <summary>S3 prefix for the model artifacts (a string or a placeholder), replacing the estimator's output path.</summary>
    public object? OutputDataConfigPath { get; init; }

    /// <summary>Tags: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    public object? Tags { get; init; }

    /// <summary>The model this job will produce: the estimator's image and role, with <c>ModelData</c> the placeholder
    /// <c>Output()["ModelArtifacts"]["S3ModelArtifacts"]</c> — use it in the step directly after this one.</summary>
    /// <param name="modelName">The model name (a string or a placeholder); the job name when null.</param>
    public Model GetExpectedModel(object? modelName = null) => new()
    {
        ImageUri = Estimator.ImageUri,
        Role = Estimator.Role,
        ModelData = Output()["ModelArtifacts"]["S3ModelArtifacts"],
        Name = modelName ?? JobName,
    };

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var request = SageMakerRequest.TrainingBase(Estimator, Data, OutputDataConfigPath ?? Estimator.OutputPath);

        if (Hyperparameters is Placeholder placeholder) request["HyperParameters"] = placeholder;
        else
        {
            var merged = new Dictionary<string, object?>();
            foreach (var (key, value) in Estimator.Hyperparameters ?? new Dictionary<string, object>()) merged[key] = value;
            if (MiniBatchSize is { } size) merged["mini_batch_size"] = size;
            if (Hyperparameters is not null)
                foreach (var (key, value) in SageMakerRequest.Entries(Hyperparameters, $"Training step '{Name}': Hyperparameters")) merged[key] = value;
            if (merged.Count > 0)
                request["HyperParameters"] = merged.ToDictionary(e => e.Key, e => SageMakerRequest.Hyperparameter(e.Value, Estimator.JsonEncodeHyperparameters));
        }

        if (Estimator.Environment is { Count: > 0 } environment) request["Environment"] = SageMakerRequest.Map(environment);
        if (Estimator.MetricDefinitions is { Count: > 0 } metrics)
            ((Dictionary<string, object?>)request["AlgorithmSpecification"]!)["MetricDefinitions"] = SageMakerRequest.Metrics(metrics);
        if (ExperimentConfig is not null) request["ExperimentConfig"] = ExperimentConfig;
        request["TrainingJobName"] = JobName;
        if ((SageMakerRequest.Tags(Tags) ?? SageMakerRequest.Tags(Estimator.Tags)) is { } tags) request["Tags"] = tags;
        return request;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No output path: neither the estimator, <see cref="OutputDataConfigPath"/> nor the parameters give one.</exception>
    public override State ToState()
    {
        var state = (TaskState)base.ToState();
        var parameters = state.Parameters!.AsObject();
        var hasOutput = parameters.ContainsKey("OutputDataConfig.$") ||
                        parameters["OutputDataConfig"] is JsonObject output && (output.ContainsKey("S3OutputPath") || output.ContainsKey("S3OutputPath.$"));
        if (!hasOutput)
            throw new ArgumentException($"Training step '{Name}' has no output path: set Estimator.OutputPath or OutputDataConfigPath.");
        return state;
    }
}
