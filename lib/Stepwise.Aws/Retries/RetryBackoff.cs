namespace Stepwise.Aws.Retries;

/// <summary>The backoff math, pure: full jitter over a capped exponential (AWS's "Exponential Backoff and Jitter").</summary>
public static class RetryBackoff
{
    /// <summary>The wait before retry <paramref name="retry"/> (0 for the first): <c>random · min(maxDelay, baseDelay · 2^retry)</c>.</summary>
    /// <param name="retry">The retry's index, from 0.</param>
    /// <param name="baseDelay">The base of the exponential.</param>
    /// <param name="maxDelay">The cap.</param>
    /// <param name="random">The jitter, in [0, 1).</param>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        if (random is < 0 or >= 1 || double.IsNaN(random))
            throw new ArgumentOutOfRangeException(nameof(random), random, "The jitter must be in [0, 1).");
        // 2^retry overflows quickly; past the cap the exponential no longer matters.
        var exponential = retry >= 62 ? double.PositiveInfinity : baseDelay.Ticks * Math.Pow(2, retry);
        var capped = Math.Min(maxDelay.Ticks, exponential);
        return TimeSpan.FromTicks((long)(random * capped));
    }
}
