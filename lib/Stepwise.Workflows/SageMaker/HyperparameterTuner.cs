namespace Stepwise.Workflows.SageMaker;

/// <summary>A hyperparameter search over an <see cref="Estimator"/>, as sagemaker-python-sdk's <c>HyperparameterTuner</c>,
/// fed to <see cref="TuningStep"/>.</summary>
public sealed record HyperparameterTuner
{
    /// <summary>The training jobs to tune.</summary>
    public required Estimator Estimator { get; init; }

    /// <summary>The metric to optimize, as named in the metric definitions.</summary>
    public required string ObjectiveMetricName { get; init; }

    /// <summary>The ranges searched, by hyperparameter name (the other hyperparameters stay static).</summary>
    public required IReadOnlyDictionary<string, ParameterRange> HyperparameterRanges { get; init; }

    /// <summary><c>Maximize</c> or <c>Minimize</c>.</summary>
    public string ObjectiveType { get; init; } = "Maximize";

    /// <summary>Search strategy: <c>Bayesian</c>, <c>Random</c>, <c>Hyperband</c> or <c>Grid</c>.</summary>
    public string Strategy { get; init; } = "Bayesian";

    /// <summary>Total training jobs.</summary>
    public int MaxJobs { get; init; } = 1;

    /// <summary>Training jobs run at once.</summary>
    public int MaxParallelJobs { get; init; } = 1;

    /// <summary><c>Off</c> or <c>Auto</c> (<c>TrainingJobEarlyStoppingType</c>).</summary>
    public string EarlyStoppingType { get; init; } = "Off";

    /// <summary>Metric regexes for the training jobs (the estimator's when null).</summary>
    public IReadOnlyList<MetricDefinition>? MetricDefinitions { get; init; }

    /// <summary>Tags of the tuning job (a step's own tags replace them).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
