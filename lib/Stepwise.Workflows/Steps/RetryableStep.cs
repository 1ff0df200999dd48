using System.Collections.Immutable;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A step that can retry and catch errors: Task, Parallel and Map (other state types have no Retry/Catch in ASL,
/// so those methods do not exist on them).</summary>
public abstract class RetryableStep : Step
{
    private readonly List<Retry> _retry = [];
    private readonly List<Catch> _catch = [];

    /// <summary>A step with a state name.</summary>
    protected RetryableStep(string name) : base(name) { }

    /// <summary>Retriers, in order.</summary>
    public IReadOnlyList<Retry> Retry
    {
        get => _retry;
        init => _retry.AddRange(value);
    }

    /// <summary>Catchers, in order.</summary>
    public IReadOnlyList<Catch> Catch
    {
        get => _catch;
        init => _catch.AddRange(value);
    }

    /// <summary>Adds a retrier and returns this step.</summary>
    public RetryableStep AddRetry(Retry retry)
    {
        _retry.Add(retry);
        return this;
    }

    /// <summary>Adds a catcher and returns this step.</summary>
    public RetryableStep AddCatch(Catch @catch)
    {
        _catch.Add(@catch);
        return this;
    }

    /// <inheritdoc />
    public override IEnumerable<Step> OtherTargets => _catch.Select(c => c.NextStep);

    /// <summary>The retriers as ASL.</summary>
    protected ImmutableArray<Retry> Retriers => [.. _retry];

    /// <summary>The catchers as ASL.</summary>
    protected ImmutableArray<Catcher> Catchers => [.. _catch.Select(c => c.ToCatcher())];
}
