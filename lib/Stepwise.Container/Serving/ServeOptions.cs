namespace Stepwise.Container.Serving;

/// <summary>Settings of <c>serve</c>.</summary>
public sealed record ServeOptions
{
    public const string PortVariable = "SAGEMAKER_BIND_TO_PORT";
    /// <summary>SageMaker's variable for the number of model-server workers (its inference toolkits read the same name).</summary>
    public const string WorkersVariable = "SAGEMAKER_MODEL_SERVER_WORKERS";

    /// <summary>Folder with config.json and the weights (<c>/opt/ml/model</c>).</summary>
    public required string ModelDir { get; init; }
    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 8080;
    /// <summary>"0.0.0.0" in a container; tests use 127.0.0.1.</summary>
    public string Host { get; init; } = "0.0.0.0";
    /// <summary>SageMaker's real-time payload limit: 6 MB.</summary>
    public long MaxPayloadBytes { get; init; } = 6 * 1024 * 1024;
    public float DefaultScoreThreshold { get; init; } = 0.5f;
    /// <summary>
    /// Predictions that run at once, each on ProcessorCount / Workers libtorch threads. One prediction per core
    /// (the default) keeps every core busy under concurrent requests, where one prediction on all cores leaves them
    /// waiting on each other in the forward pass's many small operations (the seed's gunicorn starts a worker per core too).
    /// </summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>libtorch threads per prediction: the cores shared among the workers, at least one.</summary>
    public int ThreadsPerPrediction => Math.Max(1, Environment.ProcessorCount / Workers);

    /// <summary>Workers from <c>SAGEMAKER_MODEL_SERVER_WORKERS</c>, else one per core.</summary>
    public static int WorkersFromEnvironment()
    {
        var v = Environment.GetEnvironmentVariable(WorkersVariable);
        if (string.IsNullOrWhiteSpace(v))
            return Environment.ProcessorCount;
        return int.TryParse(v, out var workers) && workers > 0
            ? workers
            : throw new ArgumentException($"{WorkersVariable} must be a positive number of workers, got \"{v}\".");
    }

    /// <summary>Port from <c>SAGEMAKER_BIND_TO_PORT</c>, else 8080.</summary>
    public static int PortFromEnvironment()
    {
        var v = Environment.GetEnvironmentVariable(PortVariable);
        if (string.IsNullOrWhiteSpace(v))
            return 8080;
        return int.TryParse(v, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"{PortVariable} must be a TCP port number, got \"{v}\".");
    }
}
