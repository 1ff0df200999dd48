namespace Stepwise.Workflows;

/// <summary>Steps linked in order: each step's Next is the following step (a Choice's Default).</summary>
public sealed class Chain : IChainable
{
    private readonly List<IChainable> _steps = [];

    /// <summary>A chain of steps or chains, linked in order.</summary>
    /// <exception cref="InvalidOperationException">A Succeed or Fail step is followed by another step.</exception>
    public Chain(params IEnumerable<IChainable> steps)
    {
        foreach (var step in steps) Append(step);
    }

    /// <summary>The steps (or chains), in order.</summary>
    public IReadOnlyList<IChainable> Steps => _steps;

    /// <inheritdoc />
    public Step First => _steps.Count > 0 ? _steps[0].First : throw new InvalidOperationException("The chain is empty.");

    /// <inheritdoc />
    public Step Last => _steps.Count > 0 ? _steps[^1].Last : throw new InvalidOperationException("The chain is empty.");

    /// <summary>Appends a step, linking the current last step to it; returns this chain.</summary>
    public Chain Append(IChainable step)
    {
        if (_steps.Count > 0) _steps[^1].Last.Next(step);
        _steps.Add(step);
        return this;
    }
}
