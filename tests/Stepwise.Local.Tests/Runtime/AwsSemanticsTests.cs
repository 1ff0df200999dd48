using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Runtime;
using static Stepwise.Local.Tests.Runtime.Harness;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>Map and Parallel on failure paths, the context object, Wait limits and the ordering details of
/// JSONPath states, as AWS records them.</summary>
public class AwsSemanticsTests
{
    private readonly Harness _harness = new();
    private const string FailingProcessor = """{ "StartAt": "X", "States": { "X": { "Type": "Fail", "Error": "Boom" } } }""";

    [Fact]
    public async Task A_retried_Map_records_no_MapStateFailed_between_attempts()
    {
        var run = await _harness.RunAsync(Definition("M", $$"""
            "M": { "Type": "Map", "ItemProcessor": {{FailingProcessor}}, "Retry": [ { "ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 1 } ], "End": true }
            """), "[1]");
        run.AssertFailed("Boom");
        Assert.Equal(2, run.Types.Count(t => t == "MapStateStarted"));
        Assert.Equal(1, run.Types.Count(t => t == "MapStateFailed"));
        Assert.Equal("MapStateFailed", run.Types[^2]);
    }

    [Fact]
    public async Task A_caught_Parallel_records_its_failure_then_its_exit()
    {
        var run = await _harness.RunAsync(Definition("P", $$"""
            "P": { "Type": "Parallel", "Branches": [ {{FailingProcessor}} ], "Retry": [ { "ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 1 } ],
                   "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "D" } ], "End": true },
            "D": { "Type": "Succeed" }
            """));
        Assert.Equal(1, run.Types.Count(t => t == "ParallelStateFailed"));
        var failedAt = run.Types.ToList().IndexOf("ParallelStateFailed");
        Assert.Equal("ParallelStateExited", run.Types[failedAt + 1]);
        Assert.Equal("SucceedStateEntered", run.Types[failedAt + 2]);
    }

    [Theory]
    [InlineData("""{"pct":120}""", "ToleratedFailurePercentage must be between 0 and 100.")]
    [InlineData("""{"pct":-1}""", "ToleratedFailurePercentage must be between 0 and 100.")]
    [InlineData("""{"pct":"x"}""", "The ToleratedFailurePercentagePath field refers to value \"x\" which is not a valid float: $.pct")]
    public async Task Tolerated_failure_percentage_out_of_range_fails_the_state_before_it_starts(string input, string cause)
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemsPath": "$.items", "ToleratedFailurePercentagePath": "$.pct", "ItemProcessor": { "StartAt": "X", "States": { "X": { "Type": "Pass", "End": true } } }, "End": true }
            """), input.Replace("{", """{"items":[1],"""));
        run.AssertFailed("States.Runtime", cause);
        Assert.DoesNotContain("MapStateStarted", run.Types);
        Assert.DoesNotContain("MapStateFailed", run.Types);
    }

    [Fact]
    public async Task Numeric_strings_are_accepted_in_Map_path_fields()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.c", "ToleratedFailureCountPath": "$.n", "ItemProcessor": { "StartAt": "X", "States": { "X": { "Type": "Pass", "End": true } } }, "End": true }
            """), """{"items":[1,2],"c":"1","n":"0"}""");
        run.AssertSucceeded("[1,2]");
    }

    [Fact]
    public async Task MaxConcurrencyPath_that_is_not_an_integer_is_refused_in_AWS_words()
    {
        var run = await _harness.RunAsync(Definition("M", """
            "M": { "Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.c", "ItemProcessor": { "StartAt": "X", "States": { "X": { "Type": "Pass", "End": true } } }, "End": true }
            """), """{"items":[1],"c":"many"}""");
        run.AssertFailed("States.Runtime", "The MaxConcurrencyPath field refers to value \"many\" which is not a valid integer: $.c");
    }

    [Fact]
    public async Task Pass_states_have_no_RetryCount_and_Task_states_do()
    {
        _harness.Lambda.Register("ctx", p => p?.DeepClone());
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Pass", "Parameters": { "state.$": "$$.State" }, "ResultPath": "$.pass", "Next": "T" },
            "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "ctx", "Payload": { "state.$": "$$.State", "redrive.$": "$$.Execution.RedriveCount" } }, "ResultSelector": { "p.$": "$.Payload" }, "ResultPath": "$.task", "End": true }
            """));
        Assert.Equal(ExecutionStatuses.Succeeded, run.Outcome.Status);
        Assert.Null(run.Output!["pass"]!["state"]!["RetryCount"]);
        Assert.Equal(0, (int)run.Output!["task"]!["p"]!["state"]!["RetryCount"]!);
        Assert.Equal(0, (int)run.Output!["task"]!["p"]!["redrive"]!);
    }

    [Fact]
    public async Task A_Wait_longer_than_a_year_fails_instead_of_waiting()
    {
        var run = await _harness.RunAsync(Definition("W", """
            "W": { "Type": "Wait", "SecondsPath": "$.s", "End": true }
            """), """{"s":31536001}""");
        run.AssertFailed("States.Runtime", "Wait state delay is too long.");
    }

    [Theory]
    [InlineData("""{"SecondsPath":"$.s"}""", "{}", "The SecondsPath parameter does not reference an input value: $.s")]
    [InlineData("""{"SecondsPath":"$.s"}""", """{"s":"soon"}""", "The SecondsPath parameter cannot be parsed as a long value: $.s == soon")]
    [InlineData("""{"SecondsPath":"$.s"}""", """{"s":-3}""", "The SecondsPath parameter references a negative value: $.s == -3")]
    [InlineData("""{"TimestampPath":"$.t"}""", "{}", "The TimestampPath parameter does not reference an input value: $.t")]
    [InlineData("""{"TimestampPath":"$.t"}""", """{"t":"later"}""", "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == later")]
    public async Task Wait_path_failures_are_worded_as_AWS_words_them(string field, string input, string cause)
    {
        var wait = JsonNode.Parse(field)!.AsObject();
        wait["Type"] = "Wait";
        wait["End"] = true;
        var run = await _harness.RunAsync(Definition("W", $"\"W\": {wait.ToJsonString()}"), input);
        run.AssertFailed("States.Runtime", "An error occurred while executing the state 'W' (entered at the event id #2). " + cause);
    }

    [Fact]
    public async Task Fail_ErrorPath_may_be_an_intrinsic_and_a_missing_CausePath_is_worded()
    {
        var run = await _harness.RunAsync(Definition("F", """
            "F": { "Type": "Fail", "ErrorPath": "States.Format('E.{}', $.code)", "Cause": "c" }
            """), """{"code":7}""");
        run.AssertFailed("E.7");
        run = await _harness.RunAsync(Definition("F", """
            "F": { "Type": "Fail", "Error": "E", "CausePath": "$.absent" }
            """));
        run.AssertFailed("States.Runtime", "The CausePath parameter does not reference an input value: $.absent");
    }

    [Fact]
    public async Task OutputPath_reads_the_variables_before_Assign_takes_effect()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Assign": { "x": "old" }, "Next": "B" },
            "B": { "Type": "Pass", "Parameters": { "seen.$": "$x" }, "Assign": { "x": "new" }, "OutputPath": "$.seen", "Next": "C" },
            "C": { "Type": "Pass", "Parameters": { "before.$": "$", "now.$": "$x" }, "End": true }
            """));
        run.AssertSucceeded("""{"before":"old","now":"new"}""");
    }

    [Fact]
    public async Task Bracket_keys_may_hold_escaped_quotes()
    {
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Pass", "Parameters": { "a.$": "$['it\\'s']", "b.$": "$[\"say \\\"hi\\\"\"]" }, "End": true }
            """), """{"it's":1,"say \"hi\"":2}""");
        run.AssertSucceeded("""{"a":1,"b":2}""");
    }

    [Fact]
    public async Task A_literal_boolean_Condition_chooses_without_evaluating()
    {
        var run = await _harness.RunAsync(Definition("C", """
            "C": { "Type": "Choice", "Choices": [ { "Condition": true, "Next": "Yes" } ], "Default": "No" },
            "Yes": { "Type": "Succeed" }, "No": { "Type": "Fail", "Error": "No" }
            """, """ "QueryLanguage": "JSONata", """));
        Assert.Equal(ExecutionStatuses.Succeeded, run.Outcome.Status);
    }
    [Fact]
    public async Task An_explicit_null_Output_gives_null_and_an_absent_one_passes_the_result_on()
    {
        var run = await _harness.RunAsync(Definition("A", """
            "A": { "Type": "Pass", "Output": null, "Next": "B" },
            "B": { "Type": "Pass", "Output": { "seen": "{% $states.input %}" }, "Next": "C" },
            "C": { "Type": "Pass", "End": true }
            """, """ "QueryLanguage": "JSONata", """), """{"x":1}""");
        run.AssertSucceeded("""{"seen":null}""");
        var exited = run.Events.First(e => e.Type == "PassStateExited");
        Assert.Equal("null", exited.Details!["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_explicit_null_Output_in_a_Catch_gives_the_fallback_state_null()
    {
        var run = await _harness.RunAsync(Definition("F", """
            "F": { "Type": "Parallel", "Branches": [ { "StartAt": "X", "States": { "X": { "Type": "Fail", "Error": "Boom" } } } ],
                   "Catch": [ { "ErrorEquals": ["Boom"], "Output": null, "Next": "S" } ], "Next": "S" },
            "S": { "Type": "Pass", "Output": { "got": "{% $states.input %}" }, "End": true }
            """, """ "QueryLanguage": "JSONata", """), """{"x":1}""");
        run.AssertSucceeded("""{"got":null}""");
    }
}
