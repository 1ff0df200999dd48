using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Local.Tests.SageMaker.Integration;

/// <summary>A TrainingStep's <c>createTrainingJob.sync</c> state on the local cloud, running the tiny container for real.</summary>
[Collection(TinyContainerCollection.Name)]
public sealed class TrainingStateTests(TinyContainerFixture image)
{
    [Fact]
    public async Task A_TrainingStep_state_trains_the_container_and_succeeds_with_the_model_artifacts()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image);
        var estimator = new Estimator
        {
            ImageUri = scenario.ImageUri,
            Role = TrainingJobScenario.Role,
            InstanceCount = 1,
            InstanceType = "ml.m5.large",
            MaxRunInSeconds = 600,
            OutputPath = $"s3://{TrainingJobScenario.Bucket}/output",
            Hyperparameters = new Dictionary<string, object> { ["epochs"] = 1, ["lr"] = 0.1 },
            MetricDefinitions = [new Workflows.SageMaker.MetricDefinition("train:loss", @"loss=([0-9.]+)")],
        };
        var input = new ExecutionInput();
        var definition = new Graph(new TrainingStep("Train", estimator, input["JobName"]) { Data = $"s3://{TrainingJobScenario.Bucket}/data/train" }).ToJson();
        var sfn = scenario.Cloud.StepFunctions;
        var machine = await sfn.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = "training", Definition = definition, RoleArn = "arn:aws:iam::123456789012:role/StepFunctionsRole",
        });

        var started = await sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Input = """{"JobName":"sfn-tiny-1"}""" });
        await sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(60));
        var execution = await sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal("Completed", output["TrainingJobStatus"]!.GetValue<string>());
        Assert.Equal("s3://bucket/output/sfn-tiny-1/output/model.tar.gz", output["ModelArtifacts"]!["S3ModelArtifacts"]!.GetValue<string>());
        Assert.Equal("tiny model, 2 files, trained", (await scenario.TarGzAsync("output/sfn-tiny-1/output/model.tar.gz"))["model.txt"]);
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = started.ExecutionArn })).Events;
        Assert.Equal(["TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"],
            history.Select(e => e.Type).Where(t => t.StartsWith("Task", StringComparison.Ordinal) && !t.StartsWith("TaskState", StringComparison.Ordinal)));
    }
}
