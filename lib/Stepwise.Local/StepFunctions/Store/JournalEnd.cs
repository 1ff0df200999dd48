namespace Stepwise.Local.StepFunctions.Store;

/// <summary>What the store's journal of an execution does when the execution ends.</summary>
public enum JournalEnd
{
    /// <summary>Commits the history and returns; the caller records the outcome (<see cref="SqliteStore.CompleteExecutionAsync"/>).</summary>
    History,

    /// <summary>Commits the history and the outcome in one transaction, and returns once both are durable.</summary>
    Outcome,

    /// <summary>Queues the history and the outcome for the next commit and returns at once: for a distributed Map's
    /// child, whose Map runs again after a crash (its own end, and every later write of its parent, commit after it).</summary>
    OutcomeSoon,
}
