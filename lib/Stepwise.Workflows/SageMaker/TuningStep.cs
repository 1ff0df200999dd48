using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Runs a SageMaker hyperparameter tuning job (<c>sagemaker:createHyperParameterTuningJob[.sync]</c>) from a
/// <see cref="HyperparameterTuner"/>, as the Python SDK's <c>TuningStep</c>; <see cref="TaskStep.Parameters"/> are deep-merged over the request.</summary>
public sealed class TuningStep : ServiceIntegrationStep
{
    /// <summary>A tuning step; by default it waits for the tuning job to finish (<c>.sync</c>).</summary>
    /// <param name="name">The state name.</param>
    /// <param name="tuner">The search to run.</param>
    /// <param name="jobName">The tuning job name (a string or a placeholder).</param>
    /// <param name="data">The training data, in any form <see cref="TrainingStep.Data"/> takes.</param>
    /// <param name="waitForCompletion">False starts the job and moves on.</param>
    public TuningStep(string name, HyperparameterTuner tuner, object jobName, object? data, bool waitForCompletion = true)
        : base(name, "sagemaker", "createHyperParameterTuningJob", Job(waitForCompletion), JobPatterns)
    {
        Tuner = tuner ?? throw new ArgumentNullException(nameof(tuner));
        JobName = SageMakerRequest.StringOrPlaceholder(jobName, $"Tuning step '{name}': job name");
        Data = data;
    }

    /// <summary>The search to run.</summary>
    public HyperparameterTuner Tuner { get; }

    /// <summary>The tuning job name.</summary>
    public object JobName { get; }

    /// <summary>The training data.</summary>
    public object? Data { get; }

    /// <summary>Tags: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    public object? Tags { get; init; }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var tuner = Tuner;
        var estimator = tuner.Estimator;
        var json = estimator.JsonEncodeHyperparameters;

        var ranges = new Dictionary<string, object?>
        {
            ["ContinuousParameterRanges"] = new List<object?>(),
            ["IntegerParameterRanges"] = new List<object?>(),
            ["CategoricalParameterRanges"] = new List<object?>(),
        };
        foreach (var (name, range) in tuner.HyperparameterRanges)
            ((List<object?>)ranges[range.RangesKey]!).Add(range.ToRequest(name, json));

        var config = new Dictionary<string, object?>
        {
            ["Strategy"] = tuner.Strategy,
            ["ResourceLimits"] = new Dictionary<string, object?>
            {
                ["MaxNumberOfTrainingJobs"] = tuner.MaxJobs,
                ["MaxParallelTrainingJobs"] = tuner.MaxParallelJobs,
            },
            ["TrainingJobEarlyStoppingType"] = tuner.EarlyStoppingType,
            ["HyperParameterTuningJobObjective"] = new Dictionary<string, object?>
            {
                ["Type"] = tuner.ObjectiveType,
                ["MetricName"] = tuner.ObjectiveMetricName,
            },
            ["ParameterRanges"] = ranges,
        };

        var definition = SageMakerRequest.TrainingBase(estimator, Data, estimator.OutputPath);
        definition["StaticHyperParameters"] = (estimator.Hyperparameters ?? new Dictionary<string, object>())
            .Where(h => !tuner.HyperparameterRanges.ContainsKey(h.Key))
            .ToDictionary(h => h.Key, h => SageMakerRequest.Hyperparameter(h.Value, json));
        if ((tuner.MetricDefinitions ?? estimator.MetricDefinitions) is { Count: > 0 } metrics)
            ((Dictionary<string, object?>)definition["AlgorithmSpecification"]!)["MetricDefinitions"] = SageMakerRequest.Metrics(metrics);

        var request = new Dictionary<string, object?>
        {
            ["HyperParameterTuningJobName"] = JobName,
            ["HyperParameterTuningJobConfig"] = config,
            ["TrainingJobDefinition"] = definition,
        };
        if ((SageMakerRequest.Tags(Tags) ?? SageMakerRequest.Tags(tuner.Tags)) is { } tags) request["Tags"] = tags;
        return request;
    }
}
