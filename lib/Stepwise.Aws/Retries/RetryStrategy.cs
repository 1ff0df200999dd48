namespace Stepwise.Aws.Retries;

/// <summary>Runs an attempt until it succeeds, fails for good, or runs out of attempts, waiting on the
/// <see cref="TimeProvider"/> between attempts.</summary>
public sealed class RetryStrategy
{
    private readonly AwsRetryOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>A strategy over validated options.</summary>
    public RetryStrategy(AwsRetryOptions options, TimeProvider timeProvider)
    {
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Runs <paramref name="attempt"/> (given the attempt's number, from 1) with retries.</summary>
    public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken = default)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (number < _options.MaxAttempts && RetryClassifier.IsRetryable(e, cancellationToken))
            {
                var delay = RetryBackoff.Delay(number - 1, _options.BaseDelay, _options.MaxDelay, _options.Randomizer());
                if (delay > TimeSpan.Zero)
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
