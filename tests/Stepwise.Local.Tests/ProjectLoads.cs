namespace Stepwise.Local.Tests;

public class StatesExceptionTests
{
    [Fact]
    public void Carries_error_name_and_cause()
    {
        var error = new StatesException(StatesErrors.Runtime, "boom");
        Assert.Equal("States.Runtime", error.Error);
        Assert.Equal("boom", error.Cause);
        Assert.Equal("States.Runtime: boom", error.Message);
    }
}
