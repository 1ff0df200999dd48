using System.Text.Json.Nodes;
using Stepwise.Workflows;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Local.StepFunctions.Runtime;
using static Stepwise.Local.Tests.Runtime.Harness;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>Choice, Wait, Succeed, Fail, Retry and Catch.</summary>
public class ControlFlowTests
{
    private readonly Harness _harness = new();

    private const string Router = """
        "Route": { "Type": "Choice", "Choices": [
            { "Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big" },
            { "And": [ { "Variable": "$.s", "IsPresent": true }, { "Variable": "$.s", "StringMatches": "ab*" } ], "Next": "Str" },
            { "Not": { "Variable": "$.n", "NumericEqualsPath": "$.limit" }, "Next": "Other" } ],
          "Default": "Same" },
        "Big": { "Type": "Pass", "Result": "big", "End": true },
        "Str": { "Type": "Pass", "Result": "str", "End": true },
        "Other": { "Type": "Pass", "Result": "other", "End": true },
        "Same": { "Type": "Pass", "Result": "same", "End": true }
        """;

    [Theory]
    [InlineData("""{"n":11}""", "\"big\"")]
    [InlineData("""{"n":1,"s":"abcd","limit":2}""", "\"str\"")]
    [InlineData("""{"n":1,"limit":2}""", "\"other\"")]
    [InlineData("""{"n":2,"limit":2}""", "\"same\"")]
    public async Task Choice_routes_by_its_rules(string input, string expected)
    {
        var run = await _harness.RunAsync(Definition("Route", Router), input);
        run.AssertSucceeded(expected);
    }

    [Fact]
    public async Task Choice_without_a_match_or_default_fails_with_NoChoiceMatched()
    {
        var run = await _harness.RunAsync(Definition("C", """
            "C": { "Type": "Choice", "Choices": [ { "Variable": "$.n", "NumericEquals": 1, "Next": "D" } ] },
            "D": { "Type": "Succeed" }
            """), """{"n":2}""");
        run.AssertFailed("States.NoChoiceMatched");
    }

    [Fact]
    public async Task Comparison_with_a_value_of_another_type_is_false_not_an_error()
    {
        var run = await _harness.RunAsync(Definition("C", """
            "C": { "Type": "Choice", "Choices": [ { "Variable": "$.n", "NumericEquals": 1, "Next": "D" } ], "Default": "E" },
            "D": { "Type": "Pass", "Result": "d", "End": true },
            "E": { "Type": "Pass", "Result": "e", "End": true }
            """), """{"n":"1"}""");
        run.AssertSucceeded("\"e\"");
    }

    [Fact]
    public async Task Wait_takes_simulated_time()
    {
        var before = _harness.Clock.UtcNow;
        var run = await _harness.RunAsync(Definition("W", """
            "W": { "Type": "Wait", "SecondsPath": "$.delay", "Next": "W2" },
            "W2": { "Type": "Wait", "Seconds": 3600, "End": true }
            """), """{"delay":30}""");
        run.AssertSucceeded("""{"delay":30}""");
        Assert.Equal(TimeSpan.FromSeconds(3630), _harness.Clock.UtcNow - before);
    }

    [Fact]
    public async Task Fail_state_fails_the_execution_with_its_error_and_cause()
    {
        var run = await _harness.RunAsync(Definition("F", """
            "F": { "Type": "Fail", "ErrorPath": "$.e", "Cause": "because" }
            """), """{"e":"Custom.Error"}""");
        run.AssertFailed("Custom.Error", "because");
        Assert.Equal(["ExecutionStarted", "FailStateEntered", "ExecutionFailed"], run.Types);
    }

    [Fact]
    public async Task Retry_backs_off_exponentially_then_succeeds()
    {
        var calls = 0;
        _harness.Lambda.Register("flaky", p => ++calls < 3 ? throw new InvalidOperationException("not yet") : JsonValue.Create(calls));
        var before = _harness.Clock.UtcNow;
        var run = await _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                   "Retry": [ { "ErrorEquals": ["InvalidOperationException"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 5 } ],
                   "End": true }
            """));
        run.AssertSucceeded("3");
        Assert.Equal(TimeSpan.FromSeconds(2 + 6), _harness.Clock.UtcNow - before);
        // A function's own ARN is Lambda's legacy form: its events are LambdaFunction*, as on AWS.
        Assert.Equal(2, run.Types.Count(t => t == "LambdaFunctionFailed"));
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed"], run.Types.Take(5));
        Assert.Equal("LambdaFunctionSucceeded", run.Types[^3]);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:flaky", run.Events[2].Details!["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task MaxDelaySeconds_caps_the_backoff_and_exhausted_retries_fall_to_catch()
    {
        _harness.Lambda.Register("broken", (JsonNode? _) => throw new TimeoutException("down"));
        var before = _harness.Clock.UtcNow;
        var run = await _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:broken",
                   "Retry": [ { "ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 10, "MaxAttempts": 3, "MaxDelaySeconds": 50 } ],
                   "Catch": [ { "ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Handled" } ],
                   "End": true },
            "Handled": { "Type": "Pass", "End": true }
            """), """{"keep":1}""");
        Assert.Equal(TimeSpan.FromSeconds(10 + 50 + 50), _harness.Clock.UtcNow - before);
        Assert.Equal("SUCCEEDED", run.Outcome.Status);
        var output = run.Output!;
        Assert.Equal(1, output["keep"]!.GetValue<int>());
        Assert.Equal("TimeoutException", output["error"]!["Error"]!.GetValue<string>());
        Assert.Contains("down", output["error"]!["Cause"]!.GetValue<string>());
    }

    [Fact]
    public async Task States_ALL_does_not_catch_States_Runtime()
    {
        var run = await _harness.RunAsync(Definition("P", """
            "P": { "Type": "Parallel", "Branches": [ { "StartAt": "X", "States": { "X": { "Type": "Pass", "Parameters": {"a.$": "$.nope"}, "End": true } } } ],
                   "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Caught" } ], "End": true },
            "Caught": { "Type": "Succeed" }
            """));
        run.AssertFailed("States.Runtime");
    }

    [Fact]
    public async Task Task_timeout_raises_States_Timeout()
    {
        var started = false;
        _harness.Integrations.Add(new DelegateIntegration("arn:aws:states:::test:hang", async (_, ct) =>
        {
            started = true;
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }));
        var runTask = _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::test:hang", "TimeoutSeconds": 5,
                   "Catch": [ { "ErrorEquals": ["States.Timeout"], "Next": "Late" } ], "End": true },
            "Late": { "Type": "Pass", "End": true }
            """));
        await Until(() => started, TimeSpan.FromSeconds(5));
        _harness.Clock.Advance(TimeSpan.FromSeconds(6));
        var run = await runTask.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("SUCCEEDED", run.Outcome.Status);
        Assert.Contains("TaskTimedOut", run.Types);
        Assert.Equal("States.Timeout", run.Output!["Error"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitForTaskToken_completes_when_the_token_comes_back()
    {
        string? token = null;
        _harness.Integrations.Add(new DelegateIntegration("arn:aws:states:::test:callback", (call, _) =>
        {
            token = call.Payload!["token"]!.GetValue<string>();
            return Task.FromResult<JsonNode?>(new JsonObject { ["accepted"] = true });
        }, Workflows.IntegrationPattern.WaitForTaskToken));
        var runTask = _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::test:callback.waitForTaskToken",
                   "Parameters": { "token.$": "$$.Task.Token" }, "HeartbeatSeconds": 60, "End": true }
            """));
        await Until(() => token is not null, TimeSpan.FromSeconds(5));
        _harness.Clock.Advance(TimeSpan.FromSeconds(30));
        _harness.Tokens.Find(token!)!.Heartbeat();
        _harness.Tokens.Find(token!)!.Succeed(JsonNode.Parse("""{"approved":true}"""));
        var run = await runTask.WaitAsync(TimeSpan.FromSeconds(10));
        run.AssertSucceeded("""{"approved":true}""");
        Assert.Contains("TaskSubmitted", run.Types);
        Assert.Null(_harness.Tokens.Find(token!));
    }

    [Fact]
    public async Task Missing_heartbeat_raises_States_HeartbeatTimeout()
    {
        var submitted = false;
        _harness.Integrations.Add(new DelegateIntegration("arn:aws:states:::test:callback", (_, _) =>
        {
            submitted = true;
            return Task.FromResult<JsonNode?>(null);
        }, Workflows.IntegrationPattern.WaitForTaskToken));
        var runTask = _harness.RunAsync(Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::test:callback.waitForTaskToken", "HeartbeatSeconds": 10, "End": true }
            """));
        await Until(() => submitted, TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));
        var run = await runTask.WaitAsync(TimeSpan.FromSeconds(10));
        run.AssertFailed("States.HeartbeatTimeout");
    }

    [Fact]
    public async Task Stopping_an_execution_aborts_it()
    {
        using var control = new ExecutionControl();
        _harness.Integrations.Add(new DelegateIntegration("arn:aws:states:::test:hang", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }));
        var runTask = _harness.RunAsync(Definition("T", """ "T": { "Type": "Task", "Resource": "arn:aws:states:::test:hang", "End": true } """), control: control);
        await Task.Delay(100);
        control.Stop("User.Stop", "enough");
        var run = await runTask.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatuses.Aborted, run.Outcome.Status);
        Assert.Equal("ExecutionAborted", run.Types[^1]);
    }

    [Fact]
    public async Task Stopping_during_a_task_with_a_deadline_aborts_rather_than_times_out()
    {
        using var control = new ExecutionControl();
        var started = false;
        _harness.Integrations.Add(new DelegateIntegration("arn:aws:states:::test:slow", async (_, _) =>
        {
            started = true;
            await Task.Delay(300, CancellationToken.None); // a call that does not notice the stop at once
            return null;
        }));
        var runTask = _harness.RunAsync(Definition("T", """ "T": { "Type": "Task", "Resource": "arn:aws:states:::test:slow", "TimeoutSeconds": 60, "End": true } """), control: control);
        await Until(() => started, TimeSpan.FromSeconds(5));
        control.Stop("User.Stop", "enough");
        var run = await runTask.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatuses.Aborted, run.Outcome.Status);
        Assert.DoesNotContain("TaskTimedOut", run.Types);
    }

    [Fact]
    public async Task History_limit_fails_the_execution()
    {
        var harness = new Harness();
        var engine = new WorkflowEngine(harness.Engine.Options with { MaxHistoryEvents = 50 });
        var journal = new MemoryJournal();
        var definition = Workflows.Asl.StateMachine.FromJson(Definition("A", """
            "A": { "Type": "Pass", "Next": "B" },
            "B": { "Type": "Choice", "Choices": [ { "Variable": "$.stop", "IsPresent": true, "Next": "Done" } ], "Default": "A" },
            "Done": { "Type": "Succeed" }
            """));
        var outcome = await engine.RunAsync(new ExecutionStart("arn:x", "x", "arn:m", "m", "arn:r", definition, "{}", harness.Clock.UtcNow), journal);
        Assert.Equal(ExecutionStatuses.Failed, outcome.Status);
        Assert.Equal("States.Runtime", outcome.Error);
        Assert.Equal("ExecutionFailed", journal.Events[^1].Type);
    }

    [Fact]
    public async Task Unknown_resource_fails_with_a_clear_error()
    {
        var run = await _harness.RunAsync(Definition("T", """ "T": { "Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": true } """));
        run.AssertFailed("States.Runtime", "has no local integration");
    }

    internal static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(10);
        }
    }
}

public class UnsupportedFeatureTests
{
    private readonly Harness _harness = new();

    [Fact]
    public async Task Task_credentials_choose_the_role_the_call_is_made_with()
    {
        string? role = null;
        _harness.Integrations.Add(new DelegateIntegration("arn:aws:states:::test:who", (call, _) =>
        {
            role = call.RoleArn;
            return Task.FromResult<System.Text.Json.Nodes.JsonNode?>(null);
        }));
        var run = await _harness.RunAsync(Harness.Definition("T", """
            "T": { "Type": "Task", "Resource": "arn:aws:states:::test:who", "Credentials": { "RoleArn.$": "$.role" }, "End": true }
            """), """{"role":"arn:aws:iam::123456789012:role/Other"}""");
        Assert.Equal("SUCCEEDED", run.Outcome.Status);
        Assert.Equal("arn:aws:iam::123456789012:role/Other", role);
    }

    [Theory]
    [InlineData("""
        "M": { "Type": "Map", "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "CSV", "CSVDelimiter": "SEMICOLON" },
               "Parameters": { "Bucket": "b", "Key": "k" } },
               "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } }, "End": true }
        """, "States.ItemReaderFailed", "ReaderConfig.CSVDelimiter is not supported")]
    public async Task Features_the_local_engine_lacks_fail_with_a_clear_error(string states, string error, string cause)
    {
        var harness = new Harness { ObjectRoot = Directory.CreateTempSubdirectory("stepwise-s3-").FullName };
        var run = await harness.RunAsync(Harness.Definition("M", states), "[1]");
        run.AssertFailed(error, cause);
    }
}
