using static Stepwise.Local.Tests.Runtime.Harness;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>JSONPath processing in AWS's order, on Pass and Task states.</summary>
public class DataFlowTests
{
    private readonly Harness _harness = new();

    [Fact]
    public async Task Pass_without_fields_passes_its_input_through()
    {
        var run = await _harness.RunAsync(Definition("A", """ "A": { "Type": "Pass", "End": true } """), """{"x":1}""");
        run.AssertSucceeded("""{"x":1}""");
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], run.Types);
    }

    [Fact]
    public async Task Result_goes_to_ResultPath_inside_the_input()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Result": {"b": 2}, "ResultPath": "$.result.inner", "End": true }
            """), """{"x":1,"result":{"keep":true}}""");
        run.AssertSucceeded("""{"x":1,"result":{"keep":true,"inner":{"b":2}}}""");
    }

    [Fact]
    public async Task InputPath_Parameters_ResultPath_OutputPath_apply_in_order()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "InputPath": "$.payload",
                   "Parameters": { "name.$": "$.name", "fixed": 1, "exec.$": "$$.Execution.Name", "nested": { "n.$": "$.n" } },
                   "ResultPath": "$.payload.made", "OutputPath": "$.payload", "End": true }
            """), """{"payload":{"name":"ann","n":[1,2]},"other":0}""");
        run.AssertSucceeded("""{"name":"ann","n":[1,2],"made":{"name":"ann","fixed":1,"exec":"run-1","nested":{"n":[1,2]}}}""");
    }

    [Fact]
    public async Task Null_ResultPath_discards_the_result_and_null_InputPath_gives_an_empty_object()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "InputPath": null, "Parameters": {"seen.$": "$"}, "ResultPath": null, "Next": "B" },
            "B": { "Type": "Pass", "InputPath": null, "ResultPath": "$.empty", "End": true }
            """), """{"x":1}""");
        run.AssertSucceeded("""{"x":1,"empty":{}}""");
    }

    [Fact]
    public async Task Missing_parameter_path_fails_with_States_Runtime_naming_the_field()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Parameters": { "v.$": "$.missing" }, "End": true }
            """), """{"x":1}""");
        run.AssertFailed("States.Runtime", "An error occurred while executing the state 'A' (entered at the event id #2).");
        Assert.Contains("'v.$'", run.Outcome.Cause);
    }

    [Fact]
    public async Task Task_result_flows_through_ResultSelector_and_ResultPath()
    {
        _harness.Lambda.Register("double", p => new System.Text.Json.Nodes.JsonObject { ["value"] = p!["n"]!.GetValue<int>() * 2 });
        var run = await _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": { "FunctionName": "double", "Payload": { "n.$": "$.n" } },
                   "ResultSelector": { "doubled.$": "$.Payload.value", "code.$": "$.StatusCode" },
                   "ResultPath": "$.out", "End": true }
            """), """{"n":21}""");
        run.AssertSucceeded("""{"n":21,"out":{"doubled":42,"code":200}}""");
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"], run.Types);
        var scheduled = run.Events[2].Details!;
        Assert.Equal("lambda", scheduled["resourceType"]!.GetValue<string>());
        Assert.Equal("invoke", scheduled["resource"]!.GetValue<string>());
        Assert.Equal("""{"FunctionName":"double","Payload":{"n":21}}""", scheduled["parameters"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_chain_by_previous_event_id()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Next": "B" }, "B": { "Type": "Succeed" }
            """));
        Assert.Equal(Enumerable.Range(1, run.Events.Count).Select(i => (long)i), run.Events.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, run.Events.Count).Select(i => (long)i), run.Events.Select(e => e.PreviousEventId));
        Assert.Equal("SucceedStateEntered", run.Events[3].Type);
    }

    [Fact]
    public async Task Intrinsic_functions_evaluate_in_parameters()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Parameters": {
                "greeting.$": "States.Format('Hello, {}!', $.name)",
                "parts.$": "States.ArrayPartition($.items, 2)",
                "len.$": "States.ArrayLength($.items)" }, "End": true }
            """), """{"name":"Ann","items":[1,2,3]}""");
        run.AssertSucceeded("""{"greeting":"Hello, Ann!","parts":[[1,2],[3]],"len":3}""");
    }

    [Fact]
    public async Task Oversized_output_fails_with_DataLimitExceeded()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Parameters": { "big.$": "States.ArrayRange(100000, 100999, 1)", "again.$": "States.JsonToString($)" }, "Next": "B" },
            "B": { "Type": "Pass", "Parameters": { "x.$": "States.Array($.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big, $.big)" }, "End": true }
            """));
        run.AssertFailed("States.DataLimitExceeded");
    }
}
