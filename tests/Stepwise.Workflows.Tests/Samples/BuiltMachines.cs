using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows.Tests.Samples;

/// <summary>State machines built with the authoring API, used by the validator-agreement tests.</summary>
public static class BuiltMachines
{
    /// <summary>Every machine, by name.</summary>
    public static IEnumerable<(string Name, StateMachine Machine)> All()
    {
        yield return ("SeedPipelineShape", SeedPipelineShape());
        yield return ("ChoiceWithDefault", ChoiceWithDefault());
        yield return ("ParallelAndMap", ParallelAndMap());
        yield return ("JsonataSteps", JsonataSteps());
        foreach (var extra in Extra) yield return (extra.Method.Name, extra());
    }

    /// <summary>More machines registered by other test files (e.g. service steps).</summary>
    public static List<Func<StateMachine>> Extra { get; } = [];

    /// <summary>The seed's pipeline with plain tasks: build (Retry + Catch → Fail), train, model, endpoint config, endpoint.</summary>
    public static StateMachine SeedPipelineShape()
    {
        var input = new ExecutionInput();
        var failed = new FailStep("LambdaTaskFailed") { Cause = "Build failed" };
        var build = new TaskStep("Calls CodeBuild to Build Container", "arn:aws:states:::lambda:invoke")
        {
            Parameters = new { FunctionName = "build", Payload = new { JobName = input["JobName"] } },
        };
        build.AddRetry(new Retry("States.TaskFailed") { IntervalSeconds = 15, MaxAttempts = 2, BackoffRate = 4.0 });
        build.AddCatch(new Catch(["States.ALL"], failed));
        var train = new TaskStep("Train", "arn:aws:states:::sagemaker:createTrainingJob.sync") { Parameters = new { TrainingJobName = input["JobName"] } };
        var model = new TaskStep("Save Model", "arn:aws:states:::sagemaker:createModel") { Parameters = new { ModelName = input["ModelName"] } };
        var config = new TaskStep("Create Endpoint Config", "arn:aws:states:::sagemaker:createEndpointConfig") { Parameters = new { EndpointConfigName = input["ModelName"] } };
        var endpoint = new TaskStep("Create Endpoint", "arn:aws:states:::sagemaker:createEndpoint") { Parameters = new { EndpointName = input["EndpointName"] } };
        return new Graph(new Chain(build, train, model, config, endpoint)).Build();
    }

    private static StateMachine ChoiceWithDefault()
    {
        var choice = new ChoiceStep("Check");
        choice.AddChoice(ChoiceRule.And(ChoiceRule.IsNumeric("$.x", true), ChoiceRule.NumericGreaterThan("$.x", 10)), new SucceedStep("Big"));
        choice.AddChoice(ChoiceRule.TimestampLessThan("$.t", "2026-01-01T00:00:00Z"), new FailStep("Old") { Error = "Old" });
        return new Graph(new Chain(new WaitStep("Pause") { Seconds = 1 }, choice, new PassStep("Small"))).Build();
    }

    private static StateMachine ParallelAndMap()
    {
        var parallel = new ParallelStep("Both") { ResultPath = "$.both" };
        parallel.AddBranch(new Chain(new PassStep("Left"), new WaitStep("Rest") { SecondsPath = "$.s" }));
        parallel.AddBranch(new PassStep("Right"));
        parallel.AddRetry(new Retry("States.ALL") { MaxAttempts = 1 });
        var map = new MapStep("Each", new PassStep("Item")) { ItemsPath = "$.items", MaxConcurrency = 2, ItemSelector = new Dictionary<string, object?> { ["v.$"] = "$$.Map.Item.Value" } };
        return new Graph(new Chain(parallel, map)) { Comment = "parallel then map", TimeoutSeconds = 60 }.Build();
    }

    private static StateMachine JsonataSteps()
    {
        var task = new TaskStep("Invoke", "arn:aws:states:::lambda:invoke")
        {
            Arguments = new { FunctionName = "f", Payload = "{% $states.input %}" },
            OutputExpression = "{% $states.result.Payload %}",
            Assign = new { last = "{% $states.result %}" },
        };
        var choice = new ChoiceStep("Decide");
        choice.AddChoice(ChoiceRule.Condition("{% $last.ok %}"), new SucceedStep("Ok"));
        choice.Default(new FailStep("NotOk") { Error = "NotOk" });
        return new Graph(new Chain(task, choice)) { QueryLanguage = QueryLanguage.JSONata }.Build();
    }
}
