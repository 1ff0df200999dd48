using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>Executions in flight survive the end of the process that runs them: after a restart on the same data
/// directory every RUNNING execution resumes and completes once, with a history AWS could have written.</summary>
public sealed class RestartTests : IDisposable
{
    private const int Executions = 100;
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";

    // Pass → Wait (long enough to be in flight at the kill) → Pass: the output proves both Pass states ran on the right data.
    private const string Definition = """
        {"StartAt":"Before","States":{
          "Before":{"Type":"Pass","Parameters":{"id.$":"$.id","before":true},"Next":"Pause"},
          "Pause":{"Type":"Wait","Seconds":2,"Next":"After"},
          "After":{"Type":"Pass","Parameters":{"id.$":"$.id","before.$":"$.before","after":true},"End":true}}}
        """;

    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-restart-").FullName;

    private static string ExpectedOutput(int id) => new JsonObject { ["id"] = id, ["before"] = true, ["after"] = true }.ToJsonString();

    [Fact]
    public async Task Executions_in_flight_when_the_service_is_disposed_all_complete_after_reopening()
    {
        var arns = new List<string>();
        var first = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data });
        var machine = (await first.CreateStateMachineAsync(new CreateStateMachineInput { Name = "restart", Definition = Definition, RoleArn = Role })).StateMachineArn;
        var started = await Task.WhenAll(Enumerable.Range(0, Executions).Select(i =>
            first.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine, Name = $"run-{i}", Input = $$"""{"id":{{i}}}""" })));
        arns.AddRange(started.Select(s => s.ExecutionArn));
        await Task.Delay(300);
        await first.DisposeAsync(); // cancels the Waits: the executions stay RUNNING in the store

        await using (var look = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data, ResumeRunningExecutions = false }))
        {
            var running = await look.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = machine, StatusFilter = "RUNNING", MaxResults = 1000 });
            Assert.True(running.Executions.Count == Executions, $"only {running.Executions.Count} executions were still running at the restart");
        }

        await using var second = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data, ResumeRunningExecutions = true });
        foreach (var arn in arns) await second.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < Executions; i++)
        {
            var execution = await second.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = arns[i] });
            Assert.True(execution.Status == "SUCCEEDED", $"{arns[i]}: {execution.Status} {execution.Error} {execution.Cause}");
            Assert.Equal(ExpectedOutput(i), execution.Output);
            Histories.AssertWellFormed(arns[i], await Histories.ReadAsync(second, arns[i]));
        }
    }

    [Fact]
    public async Task Executions_in_flight_when_stepwise_local_is_killed_all_complete_after_restarting_it()
    {
        var cli = LocalProcess.FindCli();
        Assert.True(cli is not null, "lib/Stepwise.Cli (stepwise.dll) is not built beside this test assembly's configuration; build the solution first.");
        var arns = new List<string>();
        using (var first = await LocalProcess.StartAsync(cli!, _data, TimeSpan.FromSeconds(30)))
        using (var client = new AwsJsonClient(first.Endpoint))
        {
            var machine = (await client.CallAsync("CreateStateMachine", new JsonObject
            {
                ["name"] = "restart", ["definition"] = Definition, ["roleArn"] = Role,
            }))["stateMachineArn"]!.GetValue<string>();
            await Task.WhenAll(Enumerable.Range(0, Executions).Select(async i =>
            {
                var started = await client.CallAsync("StartExecution", new JsonObject
                {
                    ["stateMachineArn"] = machine, ["name"] = $"run-{i}", ["input"] = $$"""{"id":{{i}}}""",
                });
                lock (arns) arns.Add(started["executionArn"]!.GetValue<string>());
            }));
            await Task.Delay(300);
            first.KillHard();
        }
        arns.Sort(StringComparer.Ordinal);

        using var second = await LocalProcess.StartAsync(cli!, _data, TimeSpan.FromSeconds(30));
        using var again = new AwsJsonClient(second.Endpoint);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var arn in arns)
        {
            JsonObject execution;
            while ((execution = await again.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn }))["status"]!.GetValue<string>() == "RUNNING")
            {
                Assert.True(DateTime.UtcNow < deadline, $"{arn} still RUNNING 30 s after the restart");
                await Task.Delay(100);
            }
            Assert.True(execution["status"]!.GetValue<string>() == "SUCCEEDED", $"{arn}: {execution.ToJsonString()}");
            var id = int.Parse(arn[(arn.LastIndexOf('-') + 1)..]);
            Assert.Equal(ExpectedOutput(id), execution["output"]!.GetValue<string>());
            Histories.AssertWellFormed(arn, await Histories.ReadAsync(again, arn));
        }
        Assert.Equal(Executions, arns.Count);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
