using Stepwise.Aws.Lambda;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Logs;
using Stepwise.Local.S3;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Local.StepFunctions.Mocks;

namespace Stepwise.Local.StepFunctions;

/// <summary>Where and how the local Step Functions runs.</summary>
public sealed record LocalStepFunctionsOptions
{
    /// <summary>The data directory: <c>STEPWISE_HOME</c>, else <c>~/.stepwise</c>.</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory();

    public string Region { get; init; } = "us-east-1";

    public string Account { get; init; } = "123456789012";

    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>The Lambda service Task states invoke (through its port); a fresh local one when null.</summary>
    public ILambda? Lambda { get; init; }

    /// <summary>The SageMaker service <c>arn:aws:states:::sagemaker:*</c> Task states call (through its port); without it,
    /// no SageMaker integration is registered and such tasks fail with <c>States.Runtime</c>.</summary>
    public ISageMaker? SageMaker { get; init; }

    /// <summary>How often a <c>sagemaker:*.sync</c> task describes its job, on <see cref="Clock"/>
    /// (<see cref="SageMakerIntegration.DefaultPollInterval"/> when null).</summary>
    public TimeSpan? SageMakerPollInterval { get; init; }

    /// <summary>The S3 distributed Map reads and writes; a local one under the data directory when null.</summary>
    public IObjectStorage? ObjectStorage { get; init; }

    /// <summary>Where executions write the history events their state machine's <c>loggingConfiguration</c> asks for, and
    /// where a logging destination is checked to exist; without it, logging configurations are stored but nothing is written.</summary>
    public ILogSink? Logs { get; init; }

    /// <summary>Integrations beyond Lambda (which is always there).</summary>
    public IReadOnlyList<ITaskIntegration> Integrations { get; init; } = [];

    /// <summary>IAM enforced on the execution roles (the trust policy at CreateStateMachine/UpdateStateMachine, each
    /// Task state's calls); null, the default, trusts every role ARN as Step Functions Local does.</summary>
    public IExecutionRoleAuthorizer? ExecutionRoles { get; init; }

    /// <summary>Mocked service integrations in Step Functions Local's format, run by StartExecution on
    /// <c>stateMachineArn#TestCase</c>; when null, the file <c>SFN_MOCK_CONFIG</c> names, if set.</summary>
    public MockConfig? Mocks { get; init; }

    /// <summary>False to leave RUNNING executions alone at start (they resume by default).</summary>
    public bool ResumeRunningExecutions { get; init; } = true;

    public int? RandomSeed { get; init; }

    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("STEPWISE_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".stepwise");
}
