using static Stepwise.Local.Tests.Runtime.Harness;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>JSONata fields that fail: States.QueryEvaluationError, the EvaluationFailed event before the
/// execution's failure, and causes in AWS's wording.</summary>
public class JsonataErrorTests
{
    private readonly Harness _harness = new();
    private const string Jsonata = """ "QueryLanguage": "JSONata", """;

    private static void AssertEvaluationFailed(Run run, string state, string location, string causeContains)
    {
        Assert.Equal(["ExecutionStarted", run.Types[1], "EvaluationFailed", "ExecutionFailed"], run.Types);
        var failed = run.Events[2].Details!;
        Assert.Equal("States.QueryEvaluationError", (string?)failed["error"]);
        Assert.Equal(state, (string?)failed["state"]);
        Assert.Equal(location, (string?)failed["location"]);
        Assert.StartsWith($"An error occurred while executing the state '{state}' (entered at the event id #2). ", (string?)failed["cause"]);
        Assert.Contains(causeContains, (string?)failed["cause"]);
        Assert.Equal((string?)failed["cause"], run.Outcome.Cause);
        Assert.Equal(2, run.Events[2].PreviousEventId);
    }

    [Fact]
    public async Task Map_Items_that_is_not_an_array_is_a_QueryEvaluationError()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "Items": "{% $states.input.list %}", "ItemProcessor": { "StartAt": "X", "States": { "X": { "Type": "Pass", "End": true } } }, "End": true }
            """, Jsonata), """{"list":{"a":1}}""");
        run.AssertFailed("States.QueryEvaluationError");
        AssertEvaluationFailed(run, "M", "Items",
            """The JSONata expression '$states.input.list' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {"a":1}""");
        Assert.DoesNotContain("MapStateStarted", run.Types);
    }

    [Fact]
    public async Task Map_input_that_is_not_an_array_is_a_QueryEvaluationError()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemProcessor": { "StartAt": "X", "States": { "X": { "Type": "Pass", "End": true } } }, "End": true }
            """, Jsonata), """{"a":1}""");
        AssertEvaluationFailed(run, "M", "Items", "must be an array, but was 'object'");
    }

    [Fact]
    public async Task Wait_Timestamp_that_does_not_parse_is_a_QueryEvaluationError()
    {
        var run = await _harness.RunAsync(Definition("W", """
            "W": { "Type": "Wait", "Timestamp": "{% $states.input.at %}", "End": true }
            """, Jsonata), """{"at":"tomorrow"}""");
        AssertEvaluationFailed(run, "W", "Timestamp", "'$states.input.at' specified for the field 'Timestamp'");
    }

    [Fact]
    public async Task Undefined_Output_is_a_QueryEvaluationError_naming_the_field()
    {
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Pass", "Output": { "v": "{% $states.input.absent %}" }, "End": true }
            """, Jsonata));
        AssertEvaluationFailed(run, "P", "Output", "The JSONata expression '$states.input.absent' specified for the field 'Output/v' returned nothing (undefined).");
    }

    [Fact]
    public async Task An_expression_that_throws_gives_JSONatas_code_and_position()
    {
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Pass", "Output": "{% $nosuch(1) %}", "End": true }
            """, Jsonata));
        AssertEvaluationFailed(run, "P", "Output", "T1006");
        Assert.Contains("position", run.Outcome.Cause);
    }

    [Fact]
    public async Task A_Condition_that_is_not_boolean_is_a_QueryEvaluationError()
    {
        var run = await _harness.RunAsync(Definition("C", """
            "C": { "Type": "Choice", "Choices": [ { "Condition": "{% $states.input.n %}", "Next": "D" } ], "Default": "D" },
            "D": { "Type": "Succeed" }
            """, Jsonata), """{"n":1}""");
        AssertEvaluationFailed(run, "C", "Condition", "Expected 'boolean', but was 'number' for value: 1");
    }

    [Fact]
    public async Task A_caught_evaluation_failure_is_still_recorded()
    {
        var run = await _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": { "FunctionName": "{% $states.input.absent %}" },
                   "Catch": [ { "ErrorEquals": ["States.QueryEvaluationError"], "Next": "D" } ], "End": true },
            "D": { "Type": "Succeed" }
            """, Jsonata));
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "EvaluationFailed", "TaskStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"], run.Types);
    }

    [Fact]
    public async Task JSONPath_states_keep_States_Runtime_for_their_path_errors()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemsPath": "$.list", "ItemProcessor": { "StartAt": "X", "States": { "X": { "Type": "Pass", "End": true } } }, "End": true }
            """), """{"list":3}""");
        run.AssertFailed("States.Runtime", "must reference a JSON array");
        Assert.DoesNotContain("EvaluationFailed", run.Types);
    }
}
