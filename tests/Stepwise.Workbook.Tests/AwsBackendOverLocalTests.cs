using Stepwise.Aws.StepFunctions;
using Stepwise.Interactive.Graphs;
using Stepwise.Local.Testing;
using Stepwise.Workflows;

namespace Stepwise.Workbook.Tests;

/// <summary>The AWS side, end to end without an account: <c>STEPWISE_BACKEND=aws</c> with <c>AWS_ENDPOINT_URL</c> pointed at
/// the local host, so that every call goes through the SigV4 clients and over the wire.</summary>
public sealed class AwsBackendOverLocalTests : IAsyncLifetime
{
    private LocalCloudEnvironment _environment = null!;

    public async Task InitializeAsync() => _environment = await LocalCloudEnvironment.StartTemporaryAsync();

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    private BackendOptions AwsAtLocal(StringWriter log) => new()
    {
        Log = log,
        Environment = new Dictionary<string, string>
        {
            ["STEPWISE_BACKEND"] = "aws",
            ["AWS_ENDPOINT_URL"] = _environment.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "local-test-secret",
        },
    };

    [Fact]
    public async Task A_workflow_is_created_executed_and_watched_through_the_AWS_clients()
    {
        var log = new StringWriter();
        await using var cloud = await Backend.ConnectAsync(AwsAtLocal(log));
        var workflow = new Workflow("Greeter", new Chain(new PassStep("Greet") { Result = new { greeting = "hello" } }),
            "arn:aws:iam::123456789012:role/StepwiseWorkflowExecutionRole") { Client = cloud.StepFunctions, Log = TextWriter.Null, PollInterval = TimeSpan.FromMilliseconds(20) };

        var arn = await workflow.CreateAsync();
        var execution = await workflow.ExecuteAsync(new { name = "Ada" });
        var views = new List<ProgressView>();
        var final = await execution.WatchProgressAsync(views.Add, TimeSpan.FromMilliseconds(20));
        var output = await execution.GetOutputAsync(wait: true);

        Assert.Equal(BackendKind.Aws, cloud.Kind);
        Assert.StartsWith("Backend: AWS · region us-east-1 · account 123456789012", log.ToString());
        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:Greeter", arn);
        Assert.Equal(ExecutionStatus.Succeeded, final.Status);
        Assert.Equal("""{"greeting":"hello"}""", output!.ToJsonString());
        Assert.NotEmpty(views);
        // It really went over the wire: the local service holds what the AWS client created.
        var local = await _environment.Cloud.StepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = execution.ExecutionArn });
        Assert.Equal(ExecutionStatus.Succeeded, local.Status);
    }

    [Fact]
    public async Task Running_a_notebook_again_after_an_edit_updates_the_state_machine_and_says_so()
    {
        await using var cloud = await Backend.ConnectAsync(AwsAtLocal(new StringWriter()));
        const string role = "arn:aws:iam::123456789012:role/StepwiseWorkflowExecutionRole";
        var log = new StringWriter();
        Workflow Authored(string greeting) =>
            new("Edited", new Chain(new PassStep("Greet") { Result = new { greeting } }), role) { Client = cloud.StepFunctions, Log = log };

        var first = await Authored("hello").CreateAsync();
        var same = await Authored("hello").CreateAsync();
        var edited = await Authored("bonjour").CreateAsync();
        var described = await cloud.StepFunctions.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = edited });

        Assert.Equal(first, same);
        Assert.Equal(first, edited);
        Assert.Contains("bonjour", described.Definition);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Created state machine Edited", lines[0]);
        Assert.StartsWith("State machine Edited exists with this definition and role: unchanged", lines[1]);
        Assert.StartsWith("State machine Edited existed: updated its definition", lines[2]);
    }

    [Fact]
    public async Task Local_only_affordances_say_they_are_local_only()
    {
        await using var cloud = await Backend.ConnectAsync(AwsAtLocal(new StringWriter()));

        var error = Assert.Throws<InvalidOperationException>(() => cloud.Local);

        Assert.Contains("runs on AWS", error.Message);
    }
}
