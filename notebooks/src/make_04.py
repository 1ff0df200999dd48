"""Writes notebooks/04-execution.ipynb from the cells below (run: python3 notebooks/src/make_04.py)."""
import json, pathlib

cells = []
def md(id, text): cells.append({"cell_type": "markdown", "id": id, "metadata": {}, "source": text.strip("\n").splitlines(keepends=True)})
def code(id, text): cells.append({"cell_type": "code", "id": id, "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
                                  "execution_count": None, "outputs": [], "source": text.strip("\n").splitlines(keepends=True)})

md("intro", """
# 04 · Executing the pipeline

Notebook 03 authored the Mask R-CNN pipeline. Here we **create** it as a state machine, **execute** it, watch its
**progress** live, read its **events** and its **output**.

By default everything runs on this machine, on Stepwise's embedded Step Functions engine (the ASL interpreter, with
executions persisted in SQLite under `~/.stepwise`, or `STEPWISE_HOME`). The same code talks to AWS when the backend is AWS.

> **Stand-ins, said plainly.** The local SageMaker service arrives with a later issue. Until then this notebook registers
> small local handlers that stand in for `sagemaker:createTrainingJob.sync`, `createModel`, `createEndpointConfig` and
> `createEndpoint`: they answer with SageMaker-shaped results **without training or deploying anything**. The container
> build Lambda is a local .NET handler too; it fails once on purpose so you can see the Retry at work.
""")

code("load", """
#r "../lib/Stepwise.Local/bin/Debug/net10.0/Stepwise.Workflows.dll"
#r "../lib/Stepwise.Local/bin/Debug/net10.0/Stepwise.Local.dll"
#r "../lib/Stepwise.Interactive/bin/Debug/net10.0/Stepwise.Interactive.dll"
using System.Threading;
using System.Text.Json.Nodes;
using Stepwise.Workflows;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows.SageMaker;
using Stepwise.Local;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Interactive.Graphs;

var sfn = Backend.Connect();
""")

md("pipeline-md", """
## The pipeline from notebook 03

The same steps, in short: build the container (Lambda, with Retry and Catch), train, save the model, create the
endpoint configuration and the endpoint. `ExecutionInput` placeholders name the job, the model and the endpoint.
""")

code("pipeline", """
var account = "123456789012";
var region = "us-east-1";
var workflowRole = $"arn:aws:iam::{account}:role/StepwiseWorkflowExecutionRole";
var sagemakerRole = $"arn:aws:iam::{account}:role/StepwiseSageMakerExecutionRole";
var image = $"{account}.dkr.ecr.{region}.amazonaws.com/stepwise-maskrcnn:latest";
var bucket = $"s3://stepwise-{account}-{region}";

var executionInput = new ExecutionInput(new InputSchema
{
    ["JobName"] = typeof(string),
    ["ModelName"] = typeof(string),
    ["EndpointName"] = typeof(string),
});

var buildFailed = new FailStep("LambdaTaskFailed") { Cause = "Building the container image failed" };
var buildContainer = new LambdaStep("Calls CodeBuild to Build Container")
{
    Parameters = new { FunctionName = "stepwise-build-container", Payload = new { ProjectName = "stepwise-maskrcnn", ImageTag = "latest" } },
};
buildContainer.AddRetry(new Retry("States.TaskFailed") { IntervalSeconds = 1, MaxAttempts = 2, BackoffRate = 4.0 });
buildContainer.AddCatch(new Catch(["States.ALL"], buildFailed));

var estimator = new Estimator
{
    ImageUri = image, Role = sagemakerRole, InstanceCount = 1, InstanceType = "ml.m5.xlarge", OutputPath = $"{bucket}/models",
    Hyperparameters = new Dictionary<string, object> { ["num_epochs"] = 1, ["num_classes"] = 2, ["backbone"] = "resnet18" },
};
var training = new TrainingStep("Train Mask R-CNN", estimator, executionInput["JobName"]) { Data = $"{bucket}/data/pennfudan" };
var saveModel = new ModelStep("Save Model", training.GetExpectedModel(), executionInput["ModelName"]);
var endpointConfig = new EndpointConfigStep("Create Endpoint Config", endpointConfigName: executionInput["ModelName"],
    modelName: executionInput["ModelName"], initialInstanceCount: 1, instanceType: "ml.m5.large");
var endpoint = new EndpointStep("Create Endpoint", endpointName: executionInput["EndpointName"], endpointConfigName: executionInput["ModelName"]);

var workflow = new Workflow("Stepwise-MaskRCNN-Pipeline", new Chain(buildContainer, training, saveModel, endpointConfig, endpoint), workflowRole)
{
    ExecutionInput = executionInput,
    Client = sfn,
};
workflow
""")

md("standins-md", """
## Local stand-ins

The build Lambda is a .NET function registered with local Lambda. It fails on its first call (a transient CodeBuild
error), so the Retry on `States.TaskFailed` runs it again. The four SageMaker calls are stand-ins (see above): each takes
a moment and returns the fields SageMaker returns, so the next states' paths resolve as they will against the real service.
""")

code("standins", """
var buildCalls = 0;
sfn.Lambda.Register("stepwise-build-container", async (payload, ct) =>
{
    if (Interlocked.Increment(ref buildCalls) == 1)
        throw new InvalidOperationException("CodeBuild: the build environment is not ready yet (simulated transient failure)");
    await Task.Delay(300, ct);
    return new JsonObject { ["ImageUri"] = image, ["BuildStatus"] = "SUCCEEDED", ["Project"] = payload?["ProjectName"]?.DeepClone() };
});

DelegateIntegration StandIn(string action, Func<JsonNode?, JsonObject> answer, IntegrationPattern pattern = IntegrationPattern.CallAndContinue) =>
    new($"arn:aws:states:::sagemaker:{action}", async (call, ct) => { await Task.Delay(400, ct); return answer(call.Payload); }, pattern);

string Arn(string kind, JsonNode? name) => $"arn:aws:sagemaker:{region}:{account}:{kind}/{name}";
sfn.Integrations
    .Add(StandIn("createTrainingJob", p => new JsonObject
    {
        ["TrainingJobName"] = p?["TrainingJobName"]?.DeepClone(),
        ["TrainingJobArn"] = Arn("training-job", p?["TrainingJobName"]),
        ["TrainingJobStatus"] = "Completed",
        ["SecondaryStatus"] = "Completed",
        ["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = $"{bucket}/models/{p?["TrainingJobName"]}/output/model.tar.gz" },
    }, IntegrationPattern.WaitForCompletion))
    .Add(StandIn("createModel", p => new JsonObject { ["ModelArn"] = Arn("model", p?["ModelName"]) }))
    .Add(StandIn("createEndpointConfig", p => new JsonObject { ["EndpointConfigArn"] = Arn("endpoint-config", p?["EndpointConfigName"]) }))
    .Add(StandIn("createEndpoint", p => new JsonObject { ["EndpointArn"] = Arn("endpoint", p?["EndpointName"]) }));
Console.WriteLine("Registered: local Lambda 'stepwise-build-container' and 4 SageMaker stand-ins.");
""")

md("create-md", """
## Create and execute

`CreateAsync` creates the state machine (idempotent: the same definition again returns the same ARN). `ExecuteAsync`
checks the inputs against the `ExecutionInput` schema, then starts an execution.
""")

code("create", """
var stateMachineArn = await workflow.CreateAsync();
Console.WriteLine(stateMachineArn);

var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..6];
var execution = await workflow.ExecuteAsync(new Dictionary<string, object>
{
    ["JobName"] = $"maskrcnn-{runId}",
    ["ModelName"] = $"maskrcnn-{runId}",
    ["EndpointName"] = "maskrcnn",
}, name: $"run-{runId}");
Console.WriteLine(execution.ExecutionArn);
""")

md("progress-md", """
## Live progress

The graph updates in place while the execution runs: blue in progress, green succeeded, red failed, orange caught.
""")

code("progress", """
var shown = display(await execution.RenderProgressAsync());
var final = await execution.WatchProgressAsync(view => shown.Update(view));
Console.WriteLine($"Execution {final.Status}");
""")

md("events-md", """
## Events

The history, as `GetExecutionHistory` returns it: AWS's event types, ids and the id of the event that led to each one.
Note the `TaskFailed` of the first build attempt and the retried `TaskScheduled` after it.
""")

code("events", """
var events = await execution.ListEventsAsync();
var retried = events.Count(e => e.Type == "TaskFailed");
if (retried != 1) throw new InvalidOperationException($"Expected exactly one failed build attempt before the retry, saw {retried}.");
events.ToEventTable()
""")

md("output-md", """
## Output

The execution's output is the last state's output: here, the endpoint's ARN from the `createEndpoint` stand-in.
""")

code("output", """
var description = await execution.DescribeAsync();
Console.WriteLine($"Status: {description.Status}, started {description.StartDate:u}, stopped {description.StopDate:u}");
var output = await execution.GetOutputAsync(wait: true);
if (description.Status != "SUCCEEDED") throw new InvalidOperationException($"The execution did not succeed: {description.Error}: {description.Cause}");
output
""")

md("list-md", """
## Past executions

Executions are persisted: they survive a restart of the notebook kernel (and a RUNNING one resumes where it was).
""")

code("list", """
var recent = await workflow.ListExecutionsAsync(maxItems: 5);
Tables.Render(["Name", "Status", "Started (UTC)", "Stopped (UTC)"],
    recent.Select(e => new[] { e.Name, e.Status, e.StartDate.UtcDateTime.ToString("u"), e.StopDate?.UtcDateTime.ToString("u") ?? "" }))
""")

nb = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"},
        "language_info": {"name": "polyglot-notebook", "file_extension": ".cs", "mimetype": "text/x-csharp", "pygments_lexer": "csharp", "version": "10.0"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"name": "csharp", "languageName": "csharp", "aliases": []}]}},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
path = pathlib.Path(__file__).resolve().parent.parent / "04-execution.ipynb"
path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {path}")
