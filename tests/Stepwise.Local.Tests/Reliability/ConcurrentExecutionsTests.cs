using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>Many executions at once share one engine and one store without losing or mixing anything.</summary>
public sealed class ConcurrentExecutionsTests : IAsyncLifetime
{
    private const int Executions = 1_000;
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";

    // A Parallel whose branches compute from the input, one of them through an inline Map.
    private const string Definition = """
        {"StartAt":"Fan out","States":{
          "Fan out":{"Type":"Parallel","Branches":[
            {"StartAt":"Double","States":{"Double":{"Type":"Pass","Parameters":{"value.$":"States.MathAdd($.n, $.n)"},"End":true}}},
            {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items",
              "ItemProcessor":{"StartAt":"Tag","States":{"Tag":{"Type":"Pass","Parameters":{"item.$":"$"},"End":true}}},"End":true}}}],
           "ResultSelector":{"double.$":"$[0].value","items.$":"$[1]"},"Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    private LocalCloudEnvironment _environment = null!;

    private LocalStepFunctions Sfn => _environment.Cloud.StepFunctions;

    public async Task InitializeAsync() => _environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    private static string Expected(int n) => new JsonObject
    {
        ["double"] = 2 * n,
        ["items"] = new JsonArray(new JsonObject { ["item"] = n }, new JsonObject { ["item"] = n + 1 }),
    }.ToJsonString();

    [Fact]
    public async Task A_thousand_concurrent_executions_with_Parallel_and_Map_all_succeed_with_their_own_outputs()
    {
        var machine = (await Sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = "concurrent", Definition = Definition, RoleArn = Role })).StateMachineArn;
        var started = await Task.WhenAll(Enumerable.Range(0, Executions).Select(n => Task.Run(() => Sfn.StartExecutionAsync(new StartExecutionInput
        {
            StateMachineArn = machine, Name = $"run-{n}", Input = $$"""{"n":{{n}},"items":[{{n}},{{n + 1}}]}""",
        }))));
        await Task.WhenAll(started.Select(s => Sfn.WaitForExecutionAsync(s.ExecutionArn))).WaitAsync(TimeSpan.FromSeconds(60));

        for (var n = 0; n < Executions; n++)
        {
            var execution = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started[n].ExecutionArn });
            Assert.True(execution.Status == "SUCCEEDED", $"run-{n}: {execution.Status} {execution.Error} {execution.Cause}");
            Assert.Equal(Expected(n), execution.Output);
        }
        var succeeded = 0;
        string? token = null;
        do
        {
            var page = await Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = machine, StatusFilter = "SUCCEEDED", MaxResults = 1000, NextToken = token });
            succeeded += page.Executions.Count;
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal(Executions, succeeded);
        foreach (var sample in new[] { 0, Executions / 2, Executions - 1 })
            Histories.AssertWellFormed(started[sample].ExecutionArn, await Histories.ReadAsync(Sfn, started[sample].ExecutionArn));
    }
}
