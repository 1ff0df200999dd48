using Stepwise.Local;

namespace Stepwise.Workbook;

/// <summary>Settings of <see cref="Backend.Connect(BackendOptions?)"/>; unset members come from the environment.</summary>
public sealed record BackendOptions
{
    /// <summary>The backend; else <c>STEPWISE_BACKEND</c> (<c>local</c> or <c>aws</c>), else AWS on a SageMaker notebook
    /// instance, else local.</summary>
    public BackendKind? Kind { get; init; }

    /// <summary>The local cloud's settings (data directory, clock, account, region).</summary>
    public LocalCloudOptions? Local { get; init; }

    /// <summary>The local cloud's host port: 0 picks a free one; else <c>STEPWISE_PORT</c>, else 0.</summary>
    public int? LocalPort { get; init; }

    /// <summary>A role to act as (<see cref="ICloud.AssumeRoleAsync"/>): every call of the connected cloud is made as a
    /// session of it; null acts as the credentials' own identity (the local admin on the local backend).</summary>
    public string? RoleArn { get; init; }

    /// <summary>The session name with <see cref="RoleArn"/>: <see cref="DefaultRoleSessionName"/> unless set.</summary>
    public string? RoleSessionName { get; init; }

    /// <summary>The session name a role is assumed with when none is given.</summary>
    public const string DefaultRoleSessionName = "stepwise-notebook";

    /// <summary>Where <see cref="Backend.Connect(BackendOptions?)"/> prints what it connected to; the console unless set.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Environment variables to read instead of the process's (tests).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The file whose presence marks a SageMaker notebook instance.</summary>
    public string NotebookInstanceMetadata { get; init; } = "/opt/ml/metadata/resource-metadata.json";

    internal string? Variable(string name) =>
        Environment is { } variables ? variables.GetValueOrDefault(name) : System.Environment.GetEnvironmentVariable(name);
}
