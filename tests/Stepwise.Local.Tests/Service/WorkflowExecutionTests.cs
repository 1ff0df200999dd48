using System.Text.Json.Nodes;
using Stepwise.Workflows;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Service;

/// <summary>The authoring SDK's Workflow / Execution against the local service.</summary>
public sealed class WorkflowExecutionTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private LocalCloudEnvironment _environment = null!;

    private LocalStepFunctions Sfn => _environment.Cloud.StepFunctions;

    // Real time: the Stop test needs its 60-second Wait still running when it stops the execution.
    public async Task InitializeAsync() => _environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    private Workflow Greeter(ExecutionInput? input = null)
    {
        input ??= new ExecutionInput();
        var greet = new PassStep("Greet") { Parameters = new { greeting = input["Name"] } };
        return new Workflow("greeter", new Chain(greet, new SucceedStep("Done")), Role) { Client = Sfn, ExecutionInput = input };
    }

    [Fact]
    public async Task Create_execute_and_read_the_output()
    {
        var workflow = Greeter();
        var arn = await workflow.CreateAsync();
        Assert.Equal(arn, workflow.StateMachineArn);
        var execution = await workflow.ExecuteAsync(new { Name = "Ada" }, name: "first");
        var output = await execution.GetOutputAsync(wait: true);
        Assert.Equal("""{"greeting":"Ada"}""", output!.ToJsonString());
        var events = await execution.ListEventsAsync();
        Assert.Equal("ExecutionStarted", events[0].Type);
        Assert.Equal("ExecutionSucceeded", events[^1].Type);
        Assert.Equal("SUCCEEDED", (await execution.DescribeAsync()).Status);
        var executions = await workflow.ListExecutionsAsync();
        Assert.Equal(["first"], executions.Select(e => e.Name));
    }

    [Fact]
    public async Task Inputs_are_checked_against_the_execution_input_schema()
    {
        var workflow = Greeter(new ExecutionInput(new InputSchema { ["Name"] = typeof(string) }));
        await workflow.CreateAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => workflow.ExecuteAsync(new { Name = 42 }));
        Assert.Contains("Name", error.Message);
    }

    [Fact]
    public async Task Attach_reads_the_definition_back_and_list_and_delete_work()
    {
        var created = Greeter();
        var arn = await created.CreateAsync();
        var attached = await Workflow.AttachAsync(Sfn, arn);
        Assert.Equal(created.Definition.ToJson(), attached.Definition.ToJson());
        Assert.Contains(await Workflow.ListWorkflowsAsync(Sfn), m => m.StateMachineArn == arn);
        await attached.DeleteAsync();
        Assert.DoesNotContain(await Workflow.ListWorkflowsAsync(Sfn), m => m.StateMachineArn == arn);
    }

    [Fact]
    public async Task Stop_aborts_a_running_execution()
    {
        var wait = new WaitStep("Pause") { Seconds = 60 };
        var workflow = new Workflow("pausing", wait, Role) { Client = Sfn };
        await workflow.CreateAsync();
        var execution = await workflow.ExecuteAsync();
        await execution.StopAsync("User.Cancelled", "changed my mind");
        var described = await execution.DescribeAsync();
        Assert.Equal("ABORTED", described.Status);
        Assert.Null(await execution.GetOutputAsync());
    }

    [Fact]
    public async Task Using_a_workflow_without_a_client_or_before_create_says_so()
    {
        var noClient = new Workflow("x", new PassStep("P"), Role);
        Assert.Contains("no Step Functions client", (await Assert.ThrowsAsync<InvalidOperationException>(() => noClient.CreateAsync())).Message);
        var notCreated = Greeter();
        Assert.Contains("has not been created", (await Assert.ThrowsAsync<InvalidOperationException>(() => notCreated.ExecuteAsync())).Message);
    }
}
