using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.StepFunctionsApi;

/// <summary>A local Step Functions on a fresh data directory, with the calls these tests repeat.</summary>
public abstract class ServiceFixture : IAsyncLifetime
{
    protected const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    protected readonly string Data = Directory.CreateTempSubdirectory("stepwise-sfnapi-").FullName;
    protected LocalStepFunctions Sfn = null!;

    protected virtual LocalStepFunctionsOptions Options => new() { DataDirectory = Data, RandomSeed = 7 };

    public virtual Task InitializeAsync()
    {
        Sfn = new LocalStepFunctions(Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Sfn.DisposeAsync();

    protected async Task<string> CreateAsync(string name, string definition, string type = "STANDARD", bool publish = false) =>
        (await Sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = name, Definition = definition, RoleArn = Role, Type = type, Publish = publish })).StateMachineArn;

    protected async Task<DescribeExecutionOutput> RunAsync(string machineArn, string input = "{}", string? name = null)
    {
        var started = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machineArn, Input = input, Name = name });
        return await WaitAsync(started.ExecutionArn);
    }

    protected async Task<DescribeExecutionOutput> WaitAsync(string executionArn)
    {
        await Sfn.WaitForExecutionAsync(executionArn).WaitAsync(TimeSpan.FromSeconds(30));
        return await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = executionArn });
    }

    protected async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn) =>
        (await Sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = executionArn, MaxResults = 1000 })).Events;

    protected static async Task<StepFunctionsException> RefusedAsync(Func<Task> call, string errorCode)
    {
        var error = await Assert.ThrowsAsync<StepFunctionsException>(call);
        Assert.Equal(errorCode, error.ErrorCode);
        return error;
    }
}
