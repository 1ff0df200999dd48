namespace Stepwise.Local.StepFunctions.Store;

/// <summary>A state machine as stored: its latest revision, and how many versions have been published.</summary>
public sealed record StateMachineRecord(
    string Arn,
    string Name,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    DateTimeOffset UpdateDate,
    string RevisionId,
    string? LoggingConfiguration,
    string? TracingConfiguration,
    int LatestVersion);

/// <summary>A published version of a state machine (<c>…:stateMachine:name:3</c>).</summary>
public sealed record StateMachineVersionRecord(
    string StateMachineArn,
    int Version,
    string Definition,
    string RoleArn,
    string RevisionId,
    string? Description,
    DateTimeOffset CreationDate);

/// <summary>An execution as stored, with the definition it runs (so later updates do not change it) and the
/// checkpoint it resumes from after a restart.</summary>
public sealed record ExecutionRecord(
    string Arn,
    string Name,
    string StateMachineArn,
    string? StateMachineVersionArn,
    string Status,
    string Input,
    string? Output,
    string? Error,
    string? Cause,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string Definition,
    string RoleArn,
    string? TraceHeader,
    string? Checkpoint,
    long LastEventId);
