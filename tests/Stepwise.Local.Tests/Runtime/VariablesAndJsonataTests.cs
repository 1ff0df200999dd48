using static Stepwise.Local.Tests.Runtime.Harness;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>JSONata states, $states, Assign and the scoping of variables.</summary>
public class VariablesAndJsonataTests
{
    private readonly Harness _harness = new();

    [Fact]
    public async Task Jsonata_state_machine_uses_Arguments_Output_and_states_input()
    {
        _harness.Lambda.Register("add", p => System.Text.Json.Nodes.JsonValue.Create(Workflows.Serialization.JsonNumbers.AsInteger(p!["a"]) + Workflows.Serialization.JsonNumbers.AsInteger(p["b"])));
        var run = await _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": { "FunctionName": "add", "Payload": { "a": "{% $states.input.x %}", "b": "{% $states.input.y * 2 %}" } },
                   "Output": { "sum": "{% $states.result.Payload %}", "name": "{% $states.context.Execution.Name %}" },
                   "End": true }
            """, """ "QueryLanguage": "JSONata", """), """{"x":1,"y":3}""");
        run.AssertSucceeded("""{"sum":7,"name":"run-1"}""");
    }

    [Fact]
    public async Task Jsonata_now_and_millis_follow_the_execution_clock()
    {
        // The harness's virtual clock starts at 2026-01-01T00:00:00Z and a Wait of an hour passes at once.
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Output": { "before": "{% $millis() %}" }, "Next": "W" },
            "W": { "Type": "Wait", "Seconds": 3600, "Next": "B" },
            "B": { "Type": "Pass", "Output": { "before": "{% $states.input.before %}", "after": "{% $millis() %}", "now": "{% $now() %}" }, "End": true }
            """, """ "QueryLanguage": "JSONata", """));
        run.AssertSucceeded("""{"before":1767225600000,"after":1767229200000,"now":"2026-01-01T01:00:00.000Z"}""");
    }

    [Fact]
    public async Task Assigned_variables_are_visible_to_later_states_but_not_to_the_assigning_state()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Assign": { "count": 1 }, "Next": "B" },
            "B": { "Type": "Pass", "Assign": { "count": "{% $count + 1 %}", "before": "{% $count %}" }, "Next": "C" },
            "C": { "Type": "Pass", "Output": { "count": "{% $count %}", "before": "{% $before %}" }, "End": true }
            """, """ "QueryLanguage": "JSONata", """));
        run.AssertSucceeded("""{"count":2,"before":1}""");
    }

    [Fact]
    public async Task JSONPath_states_assign_and_read_variables()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Parameters": { "v": 5 }, "Assign": { "saved.$": "$.v", "literal": "x" }, "Next": "B" },
            "B": { "Type": "Pass", "Parameters": { "got.$": "$saved", "lit.$": "$literal" }, "End": true }
            """));
        run.AssertSucceeded("""{"got":5,"lit":"x"}""");
    }

    [Fact]
    public async Task Map_iterations_see_outer_variables_but_their_assignments_stay_inside()
    {
        var run = await _harness.RunAsync(Definition("Set", """
            "Set": { "Type": "Pass", "Assign": { "factor": 10 }, "Next": "M" },
            "M": { "Type": "Map", "Items": [1, 2], "ItemProcessor": { "StartAt": "Mul", "States": {
                "Mul": { "Type": "Pass", "Assign": { "inner": 1 }, "Output": "{% $states.input * $factor %}", "End": true } } }, "Next": "After" },
            "After": { "Type": "Pass", "Output": { "results": "{% $states.input %}", "factor": "{% $factor %}" }, "End": true }
            """, """ "QueryLanguage": "JSONata", """));
        run.AssertSucceeded("""{"results":[10,20],"factor":10}""");
    }

    [Fact]
    public async Task Jsonata_Choice_conditions_route()
    {
        var run = await _harness.RunAsync(Definition("C", """
            "C": { "Type": "Choice", "Choices": [ { "Condition": "{% $states.input.n > 3 %}", "Next": "Big", "Output": { "was": "{% $states.input.n %}" } } ], "Default": "Small" },
            "Big": { "Type": "Succeed" }, "Small": { "Type": "Fail", "Error": "Too.Small" }
            """, """ "QueryLanguage": "JSONata", """), """{"n":4}""");
        run.AssertSucceeded("""{"was":4}""");
    }

    [Fact]
    public async Task Jsonata_evaluation_error_is_States_QueryEvaluationError_and_catchable()
    {
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Parallel", "Branches": [ { "StartAt": "X", "States": { "X": { "Type": "Pass", "Output": "{% $number('abc') + $undefinedFn() %}", "End": true } } } ],
                   "Catch": [ { "ErrorEquals": ["States.QueryEvaluationError"], "Output": { "caught": "{% $states.errorOutput.Error %}" }, "Next": "Done" } ], "End": true },
            "Done": { "Type": "Succeed" }
            """, """ "QueryLanguage": "JSONata", """));
        run.AssertSucceeded("""{"caught":"States.QueryEvaluationError"}""");
    }
}
