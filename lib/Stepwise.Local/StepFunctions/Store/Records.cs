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
    long LastEventId)
{
    /// <summary>The Map Run that started it, for a child execution of a distributed Map.</summary>
    public string? MapRunArn { get; init; }

    /// <summary>For a child execution: how many items it processes.</summary>
    public int? ItemCount { get; init; }

    /// <summary>The alias it was started through, if any.</summary>
    public string? StateMachineAliasArn { get; init; }

    public int RedriveCount { get; init; }

    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>The client token of the last RedriveExecution (a repeat with it redrives nothing).</summary>
    public string? RedriveToken { get; init; }
}

/// <summary>A distributed Map's run: its settings (changed by UpdateMapRun), status, and totals; its counts come
/// from its child executions.</summary>
public sealed record MapRunRecord(
    string Arn,
    string ExecutionArn,
    string StateMachineArn,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    int MaxConcurrency,
    double ToleratedFailurePercentage,
    long ToleratedFailureCount,
    long TotalItems,
    long TotalExecutions,
    long ResultsWritten)
{
    /// <summary>How many times its parent's redrives have redriven it, and when last.</summary>
    public int RedriveCount { get; init; }

    public DateTimeOffset? RedriveDate { get; init; }
}

/// <summary>The child executions of a Map Run in one status: how many, and how many items they hold.</summary>
public sealed record MapRunCount(string Status, long Executions, long Items);

/// <summary>A state machine alias: <c>…:stateMachine:name:alias</c>, routing to one or two versions.</summary>
/// <param name="Routing">The routing configuration as its JSON array.</param>
public sealed record AliasRecord(
    string Arn,
    string StateMachineArn,
    string Name,
    string? Description,
    string Routing,
    DateTimeOffset CreationDate,
    DateTimeOffset UpdateDate);

/// <summary>An activity: <c>arn:aws:states:…:activity:name</c>.</summary>
public sealed record ActivityRecord(string Arn, string Name, DateTimeOffset CreationDate);
