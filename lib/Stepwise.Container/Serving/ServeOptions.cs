namespace Stepwise.Container.Serving;

/// <summary>Settings of <c>serve</c>.</summary>
public sealed record ServeOptions
{
    public const string PortVariable = "SAGEMAKER_BIND_TO_PORT";

    /// <summary>Folder with config.json and the weights (<c>/opt/ml/model</c>).</summary>
    public required string ModelDir { get; init; }
    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 8080;
    /// <summary>"0.0.0.0" in a container; tests use 127.0.0.1.</summary>
    public string Host { get; init; } = "0.0.0.0";
    /// <summary>SageMaker's real-time payload limit: 6 MB.</summary>
    public long MaxPayloadBytes { get; init; } = 6 * 1024 * 1024;
    public float DefaultScoreThreshold { get; init; } = 0.5f;

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
