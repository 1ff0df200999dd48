using Stepwise.Local.Tests.Host;
using Stepwise.Workflows.Api;

namespace Stepwise.Local.Tests.Interop;

/// <summary>The <see cref="IStepFunctions"/> the interop scenarios run against, with whatever it needs cleaned up.</summary>
internal sealed class InteropService : IAsyncDisposable
{
    private InteropService(IStepFunctions stepFunctions) => StepFunctions = stepFunctions;

    public IStepFunctions StepFunctions { get; }

    public static InteropService Create() => new(new FakeStepFunctions());

    public ValueTask DisposeAsync() => (StepFunctions as IAsyncDisposable)?.DisposeAsync() ?? ValueTask.CompletedTask;
}
