using Stepwise.Local.S3;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local;

/// <summary>Where and how the local cloud runs: one data directory, one clock, one account and region for every service.</summary>
public sealed record LocalCloudOptions
{
    /// <summary>The data directory: <c>STEPWISE_HOME</c>, else <c>~/.stepwise</c>.</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory();

    /// <summary>The region every ARN and endpoint names.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account every ARN names.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The clock of every service; the system's unless a test gives a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>False to leave RUNNING executions alone at start (they resume by default).</summary>
    public bool ResumeRunningExecutions { get; init; } = true;

    /// <summary>True to enforce IAM on what Step Functions does with a state machine's execution role: CreateStateMachine
    /// and UpdateStateMachine refuse a role <c>states.amazonaws.com</c> cannot assume, and each Task state's call is
    /// refused unless the role's policies allow it (<see cref="StepFunctions.ExecutionRoleAuthorizer"/>). Off by default
    /// for now — tests and notebooks name roles local IAM does not have; issue 14's notebook 01 (which creates the
    /// workbook's roles) turns it on.</summary>
    public bool EnforceIam { get; init; }

    /// <summary>Step Functions' mocked service integrations (Step Functions Local's mock-config format, run on
    /// <c>stateMachineArn#TestCase</c>); when null, the file <c>SFN_MOCK_CONFIG</c> names, if set.</summary>
    public MockConfig? StepFunctionsMocks { get; init; }

    /// <summary>Seeds the engine's randomness (jitter, <c>States.UUID</c>) for reproducible tests.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The S3 Step Functions' distributed Map reads and writes: this cloud's <see cref="LocalCloud.S3"/> when null;
    /// an <see cref="AmazonS3ObjectStorage"/> to run ItemReader and ResultWriter against AWS's (or another host's) S3.</summary>
    public IObjectStorage? ObjectStorage { get; init; }

    /// <summary>The engine's clock, when it must differ from <see cref="Time"/> (time skipping sets a virtual one).</summary>
    internal IClock? Clock { get; init; }

    /// <summary><c>STEPWISE_HOME</c>, else <c>~/.stepwise</c>.</summary>
    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("STEPWISE_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".stepwise");
}
