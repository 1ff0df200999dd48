using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions;

namespace Stepwise.Local.Tests.TestStates;

/// <summary>A local Step Functions on a temporary data folder, for the TestState specifications.</summary>
public abstract class TestStateFixture : IAsyncLifetime
{
    protected const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-teststate-").FullName;

    protected LocalStepFunctions Sfn { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Sfn = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Sfn.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the store is left for the OS to clean.
        }
    }

    protected Task<TestStateOutput> TestAsync(TestStateInput input) => Sfn.TestStateAsync(input);

    /// <summary>The ValidationException (or other Step Functions error) a request is refused with.</summary>
    protected async Task<StepFunctionsException> RefusedAsync(TestStateInput input) =>
        await Assert.ThrowsAsync<StepFunctionsException>(() => Sfn.TestStateAsync(input));

    protected static JsonNode? Json(string? text) => text is null ? null : JsonNode.Parse(text);

    protected static MockInput Result(string json, string? mode = null) => new() { Result = json, FieldValidationMode = mode };

    protected static MockInput Error(string error, string? cause = null) => new() { ErrorOutput = new MockErrorOutput { Error = error, Cause = cause } };
}
