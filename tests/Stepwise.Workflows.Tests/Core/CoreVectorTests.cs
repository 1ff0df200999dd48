using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Export;
using Stepwise.Workflows.Serialization;
using static Stepwise.Workflows.Tests.ReferenceVectors;

namespace Stepwise.Workflows.Tests.Core;

/// <summary>The Python SDK's vectors for states, rules, placeholders, graphs and CloudFormation, key for key.</summary>
public class CoreVectorTests
{
    private static JsonObject Json(Step step) => AslWriter.Write(step.ToState());

    [Fact]
    public void Pass_with_result() => AssertJsonEqual(Expected("pass_with_result"), Json(new PassStep("Pass") { Result = "Pass" }));

    [Fact]
    public void Succeed_with_comment() =>
        AssertJsonEqual(Expected("succeed_with_comment"), Json(new SucceedStep("Succeed") { Comment = "This is a comment" }));

    [Fact]
    public void Fail_with_error_and_cause() => AssertJsonEqual(Expected("fail_error_cause"),
        Json(new FailStep("Fail") { Error = "ErrorA", Cause = "Kaiju attack", Comment = "This is a comment" }));

    [Fact]
    public void Wait_seconds() => AssertJsonEqual(Expected("wait_seconds"), Json(new WaitStep("Wait") { Seconds = 10 }));

    [Fact]
    public void Wait_seconds_path() => AssertJsonEqual(Expected("wait_seconds_path"), Json(new WaitStep("Wait") { SecondsPath = "$.SecondsPath" }));

    [Fact]
    public void Wait_with_two_fields_is_rejected_naming_the_state()
    {
        var e = Assert.Throws<ArgumentException>(() => new WaitStep("Wait") { Seconds = 10, SecondsPath = "$.SecondsPath" }.ToState());
        Assert.Contains("exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'", e.Message);
        Assert.Contains("'Wait'", e.Message);
    }

    [Fact]
    public void Common_fields_are_emitted_before_Type()
    {
        var state = new PassStep("StartState")
        {
            Comment = "This is a comment", InputPath = "$.Input", OutputPath = "$.Output",
            Parameters = new Dictionary<string, object?> { ["Key"] = "Value" }, ResultPath = "$.Result",
        };
        var expected = Expected("state_common_fields").DeepClone().AsObject();
        expected["Type"] = "Pass"; // the vector uses a generic 'Void' state type
        AssertJsonEqual(expected, Json(state));
    }

    [Fact]
    public void Task_paths_set_to_Discard_are_written_as_null()
    {
        var task = new TaskStep("Task", "arn:aws:lambda:us-east-1:1234567890:function:StartLambda")
        {
            ResultPath = JsonPath.Discard, InputPath = JsonPath.Discard, OutputPath = JsonPath.Discard,
        };
        AssertJsonEqual(Expected("task_paths_explicit_null"), Json(task));
    }

    [Fact]
    public void Task_retry_and_catch_keep_insertion_order()
    {
        var task = new TaskStep("Task", "arn:aws:lambda:us-east-1:1234567890:function:StartLambda");
        task.AddRetry(new Retry("ErrorA", "ErrorB") { IntervalSeconds = 1, MaxAttempts = 2, BackoffRate = 2 });
        task.AddRetry(new Retry("ErrorC") { IntervalSeconds = 5 });
        task.AddCatch(new Catch(["States.ALL"], new PassStep("End State")));
        AssertJsonEqual(Expected("task_retry_and_catch"), Json(task));
    }

    [Fact]
    public void Task_timeout_and_timeout_path_are_rejected_together()
    {
        var e = Assert.Throws<ArgumentException>(() => new TaskStep("Task", "arn:aws:states:::lambda:invoke") { TimeoutSeconds = 1, TimeoutSecondsPath = "$.timeout" });
        Assert.Contains("Only one of 'TimeoutSeconds' or 'TimeoutSecondsPath' can be provided", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Retry_and_catch_exist_only_on_Task_Parallel_and_Map()
    {
        foreach (var type in new[] { typeof(PassStep), typeof(ChoiceStep), typeof(WaitStep), typeof(SucceedStep), typeof(FailStep) })
        {
            Assert.Null(type.GetMethod("AddRetry"));
            Assert.Null(type.GetMethod("AddCatch"));
        }

        foreach (var type in new[] { typeof(TaskStep), typeof(ParallelStep), typeof(MapStep) })
            Assert.True(typeof(RetryableStep).IsAssignableFrom(type));
    }

    [Fact]
    public void Chain_after_a_terminal_state_is_rejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Chain(new PassStep("Pass"), new FailStep("Fail"), new PassStep("Pass2")));
        Assert.Contains("'Fail'", e.Message);
        Assert.Contains("does not support 'Next'", e.Message);
    }

    [Fact]
    public void Choice_rules_and_default()
    {
        var choice = new ChoiceStep("Choice") { InputPath = "$.Input" };
        choice.AddChoice(ChoiceRule.IsPresent("$.StringVariable1", true), new PassStep("End State 1"));
        choice.AddChoice(ChoiceRule.StringEquals("$.StringVariable1", "ABC"), new PassStep("End State 1"));
        choice.AddChoice(ChoiceRule.StringLessThanEqualsPath("$.StringVariable2", "$.value"), new PassStep("End State 2"));
        choice.Default(new PassStep("End State 3"));
        AssertJsonEqual(Expected("choice_rules_and_default"), Json(choice));
    }

    [Fact]
    public void Chaining_through_a_Choice_sets_its_Default()
    {
        var two = new ChoiceStep("Step - Two");
        two.AddChoice(ChoiceRule.NumericGreaterThan("$.x", 1), new SucceedStep("Big"));
        var chain = new Chain(new PassStep("Step - One"), two, new PassStep("Step - Three"));
        var actual = new Graph(chain).Build().ToJsonNode();
        AssertJsonEqual(Expected("chain_through_choice_sets_default"), actual);
        Assert.Equal(["Step - One", "Step - Two", "Step - Three", "Big"], actual["States"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Parallel_with_three_branches()
    {
        var parallel = new ParallelStep("Parallel");
        parallel.AddBranch(new PassStep("Branch 1")).AddBranch(new PassStep("Branch 2")).AddBranch(new PassStep("Branch 3"));
        AssertJsonEqual(Expected("parallel_three_branches"), Json(parallel));
    }

    [Fact]
    public void Map_with_legacy_iterator()
    {
        var map = new MapStep("Map", new PassStep("FirstIteratorState")) { UseIterator = true, ItemsPath = "$", MaxConcurrency = 0 };
        AssertJsonEqual(Expected("map_iterator"), Json(map));
    }

    [Fact]
    public void Parallel_with_catchers_in_the_initializer()
    {
        var parallel = new ParallelStep("Parallel")
        {
            Catch = [new Catch(["States.ALL"], new PassStep("End State")), new Catch(["States.TaskFailed"], new PassStep("Next State"))],
        };
        AssertJsonEqual(Expected("parallel_with_catch_ctor"), Json(parallel));
    }

    [Fact]
    public void Rules_compose_with_Or_And_Not()
    {
        var rule = ChoiceRule.Or(
            ChoiceRule.And(ChoiceRule.BooleanEquals("$.BooleanVariable", true), ChoiceRule.StringEquals("$.StringVariable", "ABC")),
            ChoiceRule.Not(ChoiceRule.StringEquals("$.StringVariable", "ABC")));
        AssertJsonEqual(Expected("rule_or_and_not"), AslWriter.Write(rule));
    }

    [Fact]
    public void Rule_variable_must_start_with_dollar()
    {
        var e = Assert.Throws<ArgumentException>(() => ChoiceRule.StringEquals("Variable", "ABC"));
        Assert.Contains("Expected variable must be a placeholder or must start with '$', but got 'Variable'", e.Message);
    }

    [Fact]
    public void Rule_operand_must_match_the_operator_family()
    {
        var e = Assert.Throws<ArgumentException>(() => ChoiceRule.Compare("$.x", "NumericEquals", "ABC"));
        Assert.Contains("Expected value to be a Numeric, but got ABC", e.Message);
    }

    [Fact]
    public void Execution_input_placeholders_become_dollar_keys()
    {
        var input = new ExecutionInput();
        var pass = new PassStep("StateOne")
        {
            Parameters = new Dictionary<string, object?>
            {
                ["ParamA"] = "SampleValueA", ["ParamB"] = input, ["ParamC"] = input["Key01"],
                ["ParamD"] = input["Key02"]["Key03"], ["ParamE"] = input["Key01"]["Key03"],
            },
        };
        AssertJsonEqual(Expected("execution_input_placeholders"), Json(pass));
    }

    [Fact]
    public void Step_input_placeholders_are_rooted_at_dollar()
    {
        var input = new StepInput();
        var pass = new PassStep("StateTwo")
        {
            Parameters = new { ParamA = (Placeholder)input, ParamB = input["Response"]["Key02"], ParamC = "SampleValueC" },
        };
        AssertJsonEqual(Expected("step_input_placeholders"), Json(pass));
    }

    [Fact]
    public void Graph_with_placeholders_from_input_and_previous_step()
    {
        var input = new ExecutionInput();
        var one = new PassStep("StateOne") { Parameters = new { ParamA = input["Key02"]["Key03"], ParamD = input["Key01"]["Key03"] } };
        var two = new PassStep("StateTwo") { Parameters = new { ParamC = input["Key05"], ParamB = "SampleValueB", ParamE = one.Output()["Response"]["Key04"] } };
        var three = new PassStep("StateThree") { Parameters = new { ParamG = "SampleValueG", ParamF = input["Key06"], ParamH = "SampleValueH" } };
        AssertJsonEqual(Expected("graph_chain_with_placeholders"), new Graph(new Chain(one, two, three)).Build().ToJsonNode());
    }

    [Fact]
    public void Placeholder_of_a_step_that_does_not_precede_is_rejected()
    {
        var one = new PassStep("StateOne");
        var two = new PassStep("StateTwo");
        var three = new PassStep("StateThree") { Parameters = new { P = two.Output()["x"] } };
        var chain = new Chain(one, three);
        var e = Assert.Throws<ArgumentException>(() => new Graph(chain).Build());
        Assert.Contains("State 'StateThree' is using an illegal placeholder for the 'P' parameter", e.Message);
    }

    [Fact]
    public void Execution_input_schema_paths_json_and_validation()
    {
        var vector = Expected("execution_input_schema");
        var input = new ExecutionInput(new InputSchema
        {
            ["ModelName"] = typeof(string), ["JobName"] = typeof(string), ["Hyperparameters"] = new InputSchema { ["tol"] = typeof(double) },
        });
        Assert.Equal(vector["jsonpath_of_nested"]!.GetValue<string>(), input["Hyperparameters"]["tol"].ToJsonPath());
        AssertJsonEqual(vector["schema_json"], input.GetSchemaAsJson());

        var ok = input.Validate(JsonNode.Parse("""{"ModelName":"m","JobName":"j","Hyperparameters":{"tol":0.1}}"""));
        Assert.True(ok.IsValid);
        Assert.Empty(ok.KeysMissing);

        var bad = input.Validate(JsonNode.Parse("""{"ModelName":"m","Hyperparameters":{"tol":"0.1"}}"""));
        Assert.False(bad.IsValid);
        Assert.Equal(["JobName"], bad.KeysMissing);
        Assert.Equal([new KeyTypeMismatch("Hyperparameters.tol", "float", "str")], bad.KeysTypeMismatch);
    }

    [Fact]
    public void Schema_rejects_undeclared_keys()
    {
        var input = new ExecutionInput(new InputSchema { ["JobName"] = typeof(string) });
        Assert.Throws<ArgumentException>(() => input["Other"]);
    }

    [Fact]
    public void Workflow_top_level_fields()
    {
        var workflow = new Workflow("MyWorkflow", new Chain(new PassStep("Start"), new SucceedStep("Done")), "arn:aws:iam::123456789012:role/StepFunctionsRole")
        {
            TimeoutSeconds = 3600, Comment = "demo", Version = "1.0",
        };
        AssertJsonEqual(Expected("workflow_top_level_fields"), workflow.Definition.ToJsonNode());
        Assert.Equal(["TimeoutSeconds", "Comment", "Version", "StartAt", "States"], workflow.Definition.ToJsonNode().Select(p => p.Key));
    }

    [Fact]
    public void CloudFormation_template_matches_the_Python_SDK_text()
    {
        var workflow = new Workflow("MyWorkflow", new Chain(new PassStep("Start"), new SucceedStep("Done")), "arn:aws:iam::123456789012:role/StepFunctionsRole");
        Assert.Equal(Expected("cloudformation_export")["yaml"]!.GetValue<string>(), workflow.GetCloudFormationTemplate());
    }

    [Fact]
    public void CloudFormation_description_can_be_set() =>
        Assert.Contains("Description: My pipeline\n",
            CloudFormationTemplate.ForStateMachine("W", new Graph(new PassStep("A")).Build(), "arn:aws:iam::1:role/R", "My pipeline"));
}
