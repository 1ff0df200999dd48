using Stepwise.Workflows.SageMaker;
using static Stepwise.Workflows.Tests.ServiceSteps.SageMakerFixtures;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>A full build → train → model → endpoint chain as the notebooks write it.</summary>
public class SageMakerChainTests
{
    [Fact]
    public void Build_train_model_configure_deploy_chain_is_a_valid_state_machine()
    {
        var input = new ExecutionInput();
        var failed = new FailStep("Build failed") { Error = "BuildFailed", Cause = "The image build Lambda failed." };
        var build = new LambdaStep("Build image")
        {
            Parameters = new Dictionary<string, object?> { ["FunctionName"] = "stepwise-image-builder", ["Payload"] = new Dictionary<string, object?> { ["Tag"] = input["ImageTag"] } },
            ResultPath = "$.Build",
            Retry = [new Retry(["Lambda.ServiceException", "Lambda.TooManyRequestsException"]) { IntervalSeconds = 2, MaxAttempts = 3, BackoffRate = 2 }],
        };
        build.AddCatch(new Catch(["States.ALL"], failed) { ResultPath = "$.Error" });

        var training = new TrainingStep("Train model", Pca, input["TrainingJobName"])
        {
            Data = new Dictionary<string, object> { ["train"] = input["TrainData"], ["validation"] = "s3://bucket/validation" },
            Hyperparameters = new Dictionary<string, object> { ["num_components"] = 12 },
        };
        var model = new ModelStep("Save model", training.GetExpectedModel());
        var config = new EndpointConfigStep("Configure endpoint", input["EndpointConfigName"], input["TrainingJobName"], 1, "ml.m5.large");
        var deploy = new EndpointStep("Deploy", input["EndpointName"], input["EndpointConfigName"]);

        var workflow = new Workflow("mask-rcnn-pipeline", new Chain(build, training, model, config, deploy), "arn:aws:iam::123456789012:role/StepFunctionsRole");
        var definition = workflow.Definition;

        var report = workflow.Validate();
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(["Build image", "Train model", "Save model", "Configure endpoint", "Deploy", "Build failed"], definition.States.Select(s => s.Name));
        var saved = (Asl.TaskState)definition["Save model"];
        Assert.Equal("$['ModelArtifacts']['S3ModelArtifacts']", saved.Parameters!["PrimaryContainer"]!["ModelDataUrl.$"]!.GetValue<string>());
        Assert.Equal("$$.Execution.Input['TrainingJobName']", saved.Parameters!["ModelName.$"]!.GetValue<string>());
        Assert.Contains("\"Next\": \"Build failed\"", workflow.ToJson());
    }
}
