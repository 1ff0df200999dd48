namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>One engine's timed runs of one scenario: each run enters <see cref="Transitions"/> states.</summary>
public sealed record Measurement(string Scenario, string Engine, long Transitions, IReadOnlyList<double> RunsMs, string? Note = null)
{
    public bool IsPeer => Engine.StartsWith(Peer.Package, StringComparison.Ordinal);

    public double BestMs => RunsMs.Min();

    public double MedianMs
    {
        get
        {
            var sorted = RunsMs.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>State transitions per second of the median run.</summary>
    public double MedianRate => Transitions / (MedianMs / 1000);

    public double BestRate => Transitions / (BestMs / 1000);
}
