using Stepwise.Local.StepFunctions.Mocks;

namespace Stepwise.Local.Testing;

/// <summary>Settings of a <see cref="LocalCloudEnvironment"/>.</summary>
public sealed record LocalCloudEnvironmentOptions
{
    /// <summary>False to skip the host (in-process calls only; a little faster).</summary>
    public bool StartHost { get; init; } = true;

    /// <summary>One line per request to this writer; none when null.</summary>
    public TextWriter? RequestLog { get; init; }

    /// <summary>An existing data directory to open (kept at dispose); a fresh temporary one when null (deleted at dispose).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>False to leave RUNNING executions alone when the data directory is reopened.</summary>
    public bool ResumeRunningExecutions { get; init; } = true;

    /// <summary>Seeds the engine's randomness (jitter, <c>States.UUID</c>).</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The clock, when neither the system's nor time skipping fits (a <c>FakeTimeProvider</c> the test advances).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Step Functions' mocked service integrations (run on <c>stateMachineArn#TestCase</c>); when null, the file
    /// <c>SFN_MOCK_CONFIG</c> names, if set.</summary>
    public MockConfig? StepFunctionsMocks { get; init; }

    /// <summary>True to enforce IAM (<see cref="LocalCloudOptions.EnforceIam"/>): role sessions' calls are checked.</summary>
    public bool EnforceIam { get; init; }
}
