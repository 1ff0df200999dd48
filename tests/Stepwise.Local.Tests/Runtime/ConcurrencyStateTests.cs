using System.Text.Json.Nodes;
using static Stepwise.Local.Tests.Runtime.Harness;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>Parallel and Map states.</summary>
public class ConcurrencyStateTests
{
    private readonly Harness _harness = new();

    [Fact]
    public async Task Parallel_branches_run_concurrently_and_return_in_branch_order()
    {
        var inFlight = 0;
        var peak = 0;
        _harness.Lambda.Register("slow", async (p, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(200, ct);
            Interlocked.Decrement(ref inFlight);
            return p;
        });
        var branch = (string tag) => $$"""
            { "StartAt": "S{{tag}}", "States": { "S{{tag}}": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow",
              "Parameters": { "tag": "{{tag}}", "v.$": "$.v" }, "End": true } } }
            """;
        var run = await _harness.RunAsync(Definition("P", $$"""
            "P": { "Type": "Parallel", "Branches": [ {{branch("a")}}, {{branch("b")}}, {{branch("c")}} ], "End": true }
            """), """{"v":1}""");
        run.AssertSucceeded("""[{"tag":"a","v":1},{"tag":"b","v":1},{"tag":"c","v":1}]""");
        Assert.Equal(3, peak);
        Assert.Contains("ParallelStateStarted", run.Types);
        Assert.Contains("ParallelStateSucceeded", run.Types);
    }

    [Fact]
    public async Task A_failing_branch_fails_the_Parallel_state_with_its_error_and_catch_sees_it()
    {
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Parallel", "Branches": [
                { "StartAt": "Ok", "States": { "Ok": { "Type": "Pass", "End": true } } },
                { "StartAt": "Bad", "States": { "Bad": { "Type": "Fail", "Error": "Branch.Broke", "Cause": "b" } } } ],
              "Catch": [ { "ErrorEquals": ["Branch.Broke"], "Next": "Handled" } ], "End": true },
            "Handled": { "Type": "Pass", "End": true }
            """));
        run.AssertSucceeded("""{"Error":"Branch.Broke","Cause":"b"}""");
        Assert.Contains("ParallelStateFailed", run.Types);
    }

    [Fact]
    public async Task Map_applies_ItemSelector_with_the_context_item_and_keeps_order()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                   "ItemSelector": { "index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "tag.$": "$.tag" },
                   "ItemProcessor": { "ProcessorConfig": { "Mode": "INLINE" }, "StartAt": "Check", "States": {
                       "Check": { "Type": "Choice", "Choices": [ { "Variable": "$.value", "NumericGreaterThan": 1, "Next": "Big" } ], "Default": "Small" },
                       "Big": { "Type": "Pass", "Parameters": { "i.$": "$.index", "big": true }, "End": true },
                       "Small": { "Type": "Pass", "Parameters": { "i.$": "$.index", "big": false, "tag.$": "$.tag" }, "End": true } } },
                   "ResultPath": "$.results", "End": true }
            """), """{"items":[1,5,0],"tag":"t"}""");
        run.AssertSucceeded("""{"items":[1,5,0],"tag":"t","results":[{"i":0,"big":false,"tag":"t"},{"i":1,"big":true},{"i":2,"big":false,"tag":"t"}]}""");
        Assert.Equal(3, run.Types.Count(t => t == "MapIterationStarted"));
        Assert.Equal(3, run.Types.Count(t => t == "MapIterationSucceeded"));
        var started = run.Events.First(e => e.Type == "MapStateStarted");
        Assert.Equal(3, started.Details!["length"]!.GetValue<int>());
        Assert.All(run.Events.Where(e => e.Type == "MapIterationStarted"), e => Assert.Equal(started.Id, e.PreviousEventId));
    }

    [Fact]
    public async Task Map_honours_MaxConcurrency()
    {
        var inFlight = 0;
        var peak = 0;
        _harness.Lambda.Register("work", async (p, ct) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref inFlight));
            await Task.Delay(30, ct);
            Interlocked.Decrement(ref inFlight);
            return p;
        });
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "MaxConcurrency": 3, "ItemProcessor": { "StartAt": "W", "States": {
                "W": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true } } }, "End": true }
            """), "[1,2,3,4,5,6,7,8,9,10]");
        run.AssertSucceeded("[1,2,3,4,5,6,7,8,9,10]");
        Assert.True(peak <= 3, $"peak concurrency {peak}");
        Assert.True(peak >= 2, $"peak concurrency {peak}");
    }

    [Fact]
    public async Task Failed_iteration_fails_the_Map_unless_tolerated()
    {
        const string processor = """
            "ItemProcessor": { "StartAt": "C", "States": {
                "C": { "Type": "Choice", "Choices": [ { "Variable": "$", "NumericEquals": 0, "Next": "F" } ], "Default": "P" },
                "F": { "Type": "Fail", "Error": "Item.Zero" }, "P": { "Type": "Pass", "End": true } } }
            """;
        var strict = await _harness.RunAsync(Definition("M", $$""" "M": { "Type": "Map", {{processor}}, "End": true } """), "[1,0,2]");
        strict.AssertFailed("Item.Zero");
        Assert.Contains("MapStateFailed", strict.Types);

        var tolerant = await _harness.RunAsync(Definition("M", $$""" "M": { "Type": "Map", "ToleratedFailureCount": 1, {{processor}}, "End": true } """), "[1,0,2]");
        Assert.Equal("SUCCEEDED", tolerant.Outcome.Status);
        Assert.Equal(1, tolerant.Output![0]!.GetValue<int>());
        Assert.Equal("Item.Zero", tolerant.Output![1]!["Error"]!.GetValue<string>());

        var exceeded = await _harness.RunAsync(Definition("M", $$""" "M": { "Type": "Map", "ToleratedFailurePercentage": 10, {{processor}}, "End": true } """), "[1,0,2]");
        exceeded.AssertFailed("States.ExceedToleratedFailureThreshold");
    }

    [Fact]
    public async Task Distributed_map_reads_items_from_local_S3_in_batches_and_writes_results()
    {
        var root = Directory.CreateTempSubdirectory("stepwise-s3-").FullName;
        var harness = new Harness { ObjectRoot = root };
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "data", "people.csv"), "name,age\nann,31\n\"bo, jr\",7\ncy,52\n");
        var run = await harness.RunAsync(Definition("M", """
            "M": { "Type": "Map",
                   "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW" },
                                   "Parameters": { "Bucket": "data", "Key": "people.csv" } },
                   "ItemBatcher": { "MaxItemsPerBatch": 2, "BatchInput": { "source": "csv" } },
                   "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "Count", "States": {
                       "Count": { "Type": "Pass", "Parameters": { "n.$": "States.ArrayLength($.Items)", "source.$": "$.BatchInput.source", "first.$": "$.Items[0].name" }, "End": true } } },
                   "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "data", "Prefix": "out" } },
                   "End": true }
            """));
        Assert.Equal("SUCCEEDED", run.Outcome.Status);
        Assert.DoesNotContain("MapIterationStarted", run.Types);
        Assert.Contains("MapRunStarted", run.Types);
        var manifestKey = run.Output!["ResultWriterDetails"]!["Key"]!.GetValue<string>();
        var folder = Path.GetDirectoryName(Path.Combine(root, "data", manifestKey))!;
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "SUCCEEDED_0.json")))!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.Equal("""{"n":2,"source":"csv","first":"ann"}""", results[0]!["Output"]!.GetValue<string>());
        Assert.Equal("""{"n":1,"source":"csv","first":"cy"}""", results[1]!["Output"]!.GetValue<string>());
    }

    [Fact]
    public async Task Items_that_are_not_an_array_fail_with_a_runtime_error()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemsPath": "$.x", "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } }, "End": true }
            """), """{"x":5}""");
        run.AssertFailed("States.Runtime", "must reference a JSON array");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
