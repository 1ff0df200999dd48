using System.Collections.Immutable;

namespace Stepwise.Workflows;

/// <summary>A retrier: which errors to retry and how (ASL <c>Retry</c> entry).</summary>
public sealed record Retry
{
    /// <summary>A retrier for the given error names (e.g. <c>States.TaskFailed</c>, <c>States.ALL</c>).</summary>
    public Retry(params IEnumerable<string> errorEquals) => ErrorEquals = [.. errorEquals];

    /// <summary>Error names this retrier matches.</summary>
    public ImmutableArray<string> ErrorEquals { get; init; }

    /// <summary>Seconds before the first retry (AWS default 1).</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>Maximum retries (AWS default 3; 0 means never retry).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Multiplier of the interval after each attempt (AWS default 2.0, at least 1.0).</summary>
    public double? BackoffRate { get; init; }

    /// <summary>Upper bound of the interval in seconds.</summary>
    public int? MaxDelaySeconds { get; init; }

    /// <summary>FULL or NONE (AWS default NONE).</summary>
    public string? JitterStrategy { get; init; }

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Value equality including the error list.</summary>
    public bool Equals(Retry? other) =>
        other is not null && ErrorEquals.SequenceEqual(other.ErrorEquals) && IntervalSeconds == other.IntervalSeconds &&
        MaxAttempts == other.MaxAttempts && BackoffRate == other.BackoffRate && MaxDelaySeconds == other.MaxDelaySeconds &&
        JitterStrategy == other.JitterStrategy && Comment == other.Comment;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ErrorEquals.Length, IntervalSeconds, MaxAttempts, BackoffRate);
}
