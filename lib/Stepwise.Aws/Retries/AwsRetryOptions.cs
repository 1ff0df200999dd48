using System.ComponentModel.DataAnnotations;

namespace Stepwise.Aws.Retries;

/// <summary>How failed calls are retried: the AWS SDKs' standard mode (3 attempts, full-jitter exponential backoff capped at 20 s).</summary>
public sealed class AwsRetryOptions
{
    /// <summary>Attempts in all, the first included (1: never retry).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The backoff's base: retry <c>n</c> (from 0) waits a random fraction of <c>BaseDelay · 2ⁿ</c>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most one wait can last.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A number in [0, 1) per wait (the jitter); tests fix it.</summary>
    public Func<double> Randomizer { get; init; } = Random.Shared.NextDouble;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        if (BaseDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "BaseDelay must not be negative.");
        if (MaxDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay must not be negative.");
        ArgumentNullException.ThrowIfNull(Randomizer, nameof(Randomizer));
    }
}
