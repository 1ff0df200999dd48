using Stepwise.Aws.Retries;

namespace Stepwise.Aws.Tests.Retries;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0, 0.5, 500)]
    [InlineData(1, 0.5, 1000)]
    [InlineData(2, 0.5, 2000)]
    [InlineData(3, 0.25, 2000)]
    [InlineData(4, 0.99, 15840)]
    public void Delay_is_jitter_times_base_times_two_to_the_retry(int retry, double random, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryBackoff.Delay(retry, Base, Cap, random));

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(1000)]
    public void Delay_is_capped_however_late_the_retry(int retry) =>
        Assert.Equal(TimeSpan.FromSeconds(10), RetryBackoff.Delay(retry, Base, Cap, 0.5));

    [Fact]
    public void Zero_jitter_means_no_wait() => Assert.Equal(TimeSpan.Zero, RetryBackoff.Delay(3, Base, Cap, 0));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Jitter_outside_zero_to_one_is_refused(double random) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(0, Base, Cap, random));

    [Fact]
    public void Options_with_no_attempts_are_refused_when_the_strategy_is_built()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryStrategy(new AwsRetryOptions { MaxAttempts = 0 }, TimeProvider.System));
        Assert.Equal("MaxAttempts", error.ParamName);
    }
}
