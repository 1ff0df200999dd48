using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Local;
using Stepwise.Local.StepFunctions;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows.Asl;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>Our engine measured in-process, two ways: the bare <see cref="WorkflowEngine"/> with a
/// <see cref="MemoryJournal"/>, and the full <see cref="LocalStepFunctions"/> with its SQLite history.</summary>
public static class InProcess
{
    private const string Role = "arn:aws:iam::123456789012:role/bench";

    /// <summary>Runs for <see cref="Warmup"/>, then <paramref name="repeats"/> times on a bare engine. Checks every run's
    /// status and, when <paramref name="countedInHistory"/>, that its history entered <paramref name="transitions"/> states.</summary>
    public static async Task<IReadOnlyList<double>> EngineAsync(JsonObject definition, JsonNode input, int repeats, long transitions,
        bool countedInHistory, Func<JsonNode?, string?> checkOutput)
    {
        // An inline Map over 10,000 items writes more than AWS's 25,000 events: lift the cap to measure the interpreter.
        var engine = new WorkflowEngine(new EngineOptions { MaxHistoryEvents = int.MaxValue });
        var machine = StateMachine.FromJson(definition.ToJsonString());
        var inputText = input.ToJsonString();
        return await Warmup.ThenTimeAsync(repeats, async number =>
        {
            var start = new ExecutionStart($"arn:aws:states:us-east-1:123456789012:execution:bench:run{number}", $"run{number}",
                "arn:aws:states:us-east-1:123456789012:stateMachine:bench", "bench", Role, machine, inputText, DateTimeOffset.UtcNow);
            var journal = new MemoryJournal();
            var clock = Stopwatch.StartNew();
            var outcome = await engine.RunAsync(start, journal);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (outcome.Status != ExecutionStatuses.Succeeded)
                throw new InvalidOperationException($"The engine's run ended {outcome.Status}: {outcome.Error}: {outcome.Cause}");
            if (checkOutput(JsonNode.Parse(outcome.Output!)) is { } problem) throw new InvalidOperationException(problem);
            var entered = journal.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal));
            if (countedInHistory && entered != transitions)
                throw new InvalidOperationException($"Expected {transitions} states entered, the history has {entered}.");
            return elapsed;
        });
    }

    /// <summary>Creates the machine once in a fresh <see cref="LocalStepFunctions"/>, then times StartExecution to
    /// completion, for <see cref="Warmup"/> and <paramref name="repeats"/> times.</summary>
    public static async Task<IReadOnlyList<double>> LocalAsync(JsonObject definition, JsonNode input, int repeats, long transitions,
        bool countedInHistory, Func<JsonNode?, string?> checkOutput)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"stepwise-bench-{Guid.NewGuid():N}");
        try
        {
            await using var local = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = directory });
            var machine = await local.CreateStateMachineAsync(new CreateStateMachineInput { Name = "bench", Definition = definition.ToJsonString(), RoleArn = Role });
            var inputText = input.ToJsonString();
            var checkedHistory = false;
            return await Warmup.ThenTimeAsync(repeats, async number =>
            {
                var clock = Stopwatch.StartNew();
                var started = await local.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Name = $"run{number}", Input = inputText });
                await local.WaitForExecutionAsync(started.ExecutionArn);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                var described = await local.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
                if (described.Status != ExecutionStatuses.Succeeded)
                    throw new InvalidOperationException($"The execution ended {described.Status}: {described.Error}: {described.Cause}");
                if (checkOutput(JsonNode.Parse(described.Output!)) is { } problem) throw new InvalidOperationException(problem);
                if (countedInHistory && !checkedHistory)
                {
                    var entered = await CountEnteredAsync(local, started.ExecutionArn);
                    if (entered != transitions) throw new InvalidOperationException($"Expected {transitions} states entered, the history has {entered}.");
                    checkedHistory = true;
                }
                return elapsed;
            });
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    private static async Task<int> CountEnteredAsync(LocalStepFunctions local, string executionArn)
    {
        var entered = 0;
        string? token = null;
        do
        {
            var page = await local.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = executionArn, MaxResults = 1000, NextToken = token, IncludeExecutionData = false });
            entered += page.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal));
            token = page.NextToken;
        } while (token is not null);
        return entered;
    }
}
