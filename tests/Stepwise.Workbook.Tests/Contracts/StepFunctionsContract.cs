using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Testing;

namespace Stepwise.Workbook.Tests.Contracts;

/// <summary>What the Step Functions port promises, whoever serves it: the same tests run against the local service
/// in-process and against the <c>Stepwise.Aws</c> client talking over the wire to the local host.</summary>
public abstract class StepFunctionsContract : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/StepwiseWorkflowExecutionRole";
    private const string Definition = """{"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('Hello, {}', $.name)"},"End":true}}}""";

    protected LocalCloudEnvironment Environment { get; private set; } = null!;

    /// <summary>The port under test.</summary>
    protected IStepFunctions Sfn { get; private set; } = null!;

    /// <summary>The port, as the subclass reaches it.</summary>
    protected abstract IStepFunctions Connect(LocalCloudEnvironment environment);

    public async Task InitializeAsync()
    {
        Environment = await LocalCloudEnvironment.StartTimeSkippingAsync();
        Sfn = Connect(Environment);
    }

    public virtual async Task DisposeAsync() => await Environment.DisposeAsync();

    private async Task<string> CreateAsync(string name = "Hello", string definition = Definition) =>
        (await Sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = name, Definition = definition, RoleArn = Role })).StateMachineArn;

    [Fact]
    public async Task A_created_state_machine_is_described_and_listed()
    {
        var arn = await CreateAsync();

        var described = await Sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = arn });
        var listed = await Sfn.ListStateMachinesAsync(new ListStateMachinesInput());

        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:Hello", arn);
        Assert.Equal(Definition, described.Definition);
        Assert.Equal(Role, described.RoleArn);
        Assert.Equal(StateMachineStatus.Active, described.Status);
        Assert.Equal(StateMachineType.Standard, described.Type);
        Assert.Contains(listed.StateMachines, m => m.StateMachineArn == arn && m.Name == "Hello");
    }

    [Fact]
    public async Task An_execution_runs_to_its_output_and_records_its_history()
    {
        var arn = await CreateAsync();

        var started = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = "run-1", Input = """{"name":"Ada"}""" });
        var described = await WaitAsync(started.ExecutionArn);
        var history = await Sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = started.ExecutionArn });

        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:Hello:run-1", started.ExecutionArn);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        Assert.Equal("""{"greeting":"Hello, Ada"}""", described.Output);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], history.Events.Select(e => e.Type));
        Assert.Equal(started.StartDate, described.StartDate);
    }

    [Fact]
    public async Task Starting_a_running_execution_again_with_the_same_input_is_idempotent_and_with_another_input_is_refused()
    {
        var arn = await CreateWaitingAsync();
        var first = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = "once", Input = """{"name":"a"}""" });

        var again = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = "once", Input = """{"name":"a"}""" });
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = "once", Input = """{"name":"b"}""" }));

        Assert.Equal(first.ExecutionArn, again.ExecutionArn);
        Assert.Equal(StepFunctionsErrorCodes.ExecutionAlreadyExists, error.ErrorCode);
    }

    [Fact]
    public async Task Starting_a_finished_execution_again_is_ExecutionAlreadyExists()
    {
        var arn = await CreateAsync();
        var first = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = "done", Input = """{"name":"a"}""" });
        await WaitAsync(first.ExecutionArn);

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Name = "done", Input = """{"name":"a"}""" }));

        Assert.Equal(StepFunctionsErrorCodes.ExecutionAlreadyExists, error.ErrorCode);
    }

    [Fact]
    public async Task A_missing_state_machine_is_StateMachineDoesNotExist_with_AWS_s_message()
    {
        const string missing = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope";

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            Sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = missing }));

        Assert.Equal(StepFunctionsErrorCodes.StateMachineDoesNotExist, error.ErrorCode);
        Assert.Equal($"State Machine Does Not Exist: '{missing}'", error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task An_invalid_definition_is_InvalidDefinition_naming_the_problem()
    {
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            CreateAsync("Broken", """{"StartAt":"Nowhere","States":{"A":{"Type":"Pass","End":true}}}"""));

        Assert.Equal(StepFunctionsErrorCodes.InvalidDefinition, error.ErrorCode);
        Assert.Contains("Nowhere", error.Message);
    }

    [Fact]
    public async Task Updating_changes_the_definition_and_tags_round_trip()
    {
        var arn = await CreateAsync();
        const string updated = """{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}""";

        await Sfn.UpdateStateMachineAsync(new UpdateStateMachineInput { StateMachineArn = arn, Definition = updated });
        await Sfn.TagResourceAsync(new TagResourceInput { ResourceArn = arn, Tags = [new Tag { Key = "team", Value = "ml" }] });
        var described = await Sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = arn });
        var tags = await Sfn.ListTagsForResourceAsync(new ListTagsForResourceInput { ResourceArn = arn });

        Assert.Equal(updated, described.Definition);
        Assert.Equal([("team", "ml")], tags.Tags!.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public async Task A_stopped_execution_is_aborted_with_its_error_and_cause()
    {
        var arn = await CreateWaitingAsync();
        var started = await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn });

        await Sfn.StopExecutionAsync(new StopExecutionInput { ExecutionArn = started.ExecutionArn, Error = "Operator", Cause = "stopped by a test" });
        var described = await WaitAsync(started.ExecutionArn);

        Assert.Equal(ExecutionStatus.Aborted, described.Status);
        Assert.Equal("Operator", described.Error);
        Assert.Equal("stopped by a test", described.Cause);
    }

    /// <summary>A state machine whose executions wait for a task token that never comes: they stay RUNNING.</summary>
    private Task<string> CreateWaitingAsync()
    {
        Environment.Cloud.Lambda.Register("hold", payload => payload);
        return CreateAsync("Waits", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"hold","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}""");
    }

    [Fact]
    public async Task Paging_hands_out_every_state_machine_once()
    {
        for (var i = 0; i < 5; i++)
            await CreateAsync($"M{i}");

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await Sfn.ListStateMachinesAsync(new ListStateMachinesInput { MaxResults = 2, NextToken = token });
            Assert.True(page.StateMachines.Count <= 2);
            names.AddRange(page.StateMachines.Select(m => m.Name));
            token = page.NextToken;
        } while (token is not null);

        Assert.Equal(["M0", "M1", "M2", "M3", "M4"], names.Order());
    }

    private async Task<DescribeExecutionOutput> WaitAsync(string executionArn)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var described = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = executionArn }, limit.Token);
            if (described.Status != ExecutionStatus.Running)
                return described;
            await Task.Delay(20, limit.Token);
        }
    }
}

/// <summary>The contract, in-process: the local service itself.</summary>
public sealed class InProcessStepFunctionsContract : StepFunctionsContract
{
    protected override IStepFunctions Connect(LocalCloudEnvironment environment) => environment.Cloud.StepFunctions;
}

/// <summary>The contract over the wire: the AWS adapter's SigV4 client against the local host.</summary>
public sealed class OverTheWireStepFunctionsContract : StepFunctionsContract
{
    private Aws.AwsClients? _clients;

    protected override IStepFunctions Connect(LocalCloudEnvironment environment)
    {
        _clients = Aws.AwsClients.Create(new Aws.AwsClientOptions
        {
            EndpointUrl = environment.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("contract", "tests"),
        });
        return _clients.StepFunctions;
    }

    public override async Task DisposeAsync()
    {
        _clients?.Dispose();
        await base.DisposeAsync();
    }
}
