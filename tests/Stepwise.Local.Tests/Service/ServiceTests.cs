using System.Text.Json.Nodes;
using Stepwise.Workflows;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Service;

/// <summary>The Step Functions API semantics of <see cref="LocalStepFunctions"/>.</summary>
public sealed class ServiceTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private const string Hello = """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"hello.$":"$.who"},"End":true}}}""";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-sfn-").FullName;
    private LocalStepFunctions _sfn = null!;

    public Task InitializeAsync()
    {
        _sfn = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sfn.DisposeAsync();

    private async Task<string> CreateAsync(string name = "hello", string definition = Hello, string type = "STANDARD") =>
        (await _sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = name, Definition = definition, RoleArn = Role, Type = type })).StateMachineArn;

    private async Task<DescribeExecutionOutput> RunAsync(string machineArn, string input, string? name = null)
    {
        var started = await _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machineArn, Input = input, Name = name });
        await _sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(20));
        return await _sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
    }

    [Fact]
    public async Task Create_start_describe_round_trip()
    {
        var arn = await CreateAsync();
        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:hello", arn);
        var execution = await RunAsync(arn, """{"who":"world"}""", "first");
        Assert.Equal("SUCCEEDED", execution.Status);
        Assert.Equal("""{"hello":"world"}""", execution.Output);
        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:hello:first", execution.ExecutionArn);
        var described = await _sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = arn });
        Assert.Equal(Hello, described.Definition);
        Assert.Equal("STANDARD", described.Type);
    }

    [Fact]
    public async Task Invalid_definition_is_rejected_with_InvalidDefinition()
    {
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync("bad", """{"StartAt":"Nope","States":{"A":{"Type":"Pass","End":true}}}"""));
        Assert.Equal("InvalidDefinition", error.ErrorCode);
        Assert.Contains("MISSING_TRANSITION_TARGET", error.Message);
    }

    [Fact]
    public async Task Names_and_arns_are_checked()
    {
        Assert.Equal("InvalidName", (await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync("has space"))).ErrorCode);
        Assert.Equal("InvalidArn", (await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = "nope" }))).ErrorCode);
        Assert.Equal("StateMachineDoesNotExist", (await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:ghost" }))).ErrorCode);
        Assert.Equal("ExecutionDoesNotExist", (await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:hello:ghost" }))).ErrorCode);
    }

    [Fact]
    public async Task Creating_the_same_machine_twice_is_idempotent_but_a_different_one_conflicts()
    {
        var arn = await CreateAsync();
        Assert.Equal(arn, await CreateAsync());
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(definition: """{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}"""));
        Assert.Equal("StateMachineAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Execution_names_are_unique_per_state_machine()
    {
        var arn = await CreateAsync();
        await RunAsync(arn, """{"who":"a"}""", "once");
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Input = """{"who":"b"}""", Name = "once" }));
        Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Starting_again_with_the_same_name_and_input_while_running_returns_the_same_execution()
    {
        var arn = await CreateAsync("waits", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"End":true}}}""");
        var first = await _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Input = "{}", Name = "same" });
        var second = await _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Input = "{}", Name = "same" });
        Assert.Equal(first.ExecutionArn, second.ExecutionArn);
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Input = """{"other":1}""", Name = "same" }));
        Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
        await _sfn.StopExecutionAsync(new StopExecutionInput { ExecutionArn = first.ExecutionArn, Error = "Test", Cause = "done" });
        var stopped = await _sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = first.ExecutionArn });
        Assert.Equal("ABORTED", stopped.Status);
        Assert.Equal("Test", stopped.Error);
    }

    [Fact]
    public async Task Invalid_input_is_InvalidExecutionInput()
    {
        var arn = await CreateAsync();
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Input = "{not json" }));
        Assert.Equal("InvalidExecutionInput", error.ErrorCode);
    }

    [Fact]
    public async Task History_pages_forward_and_backward()
    {
        var arn = await CreateAsync("chain", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}""");
        var execution = await RunAsync(arn, "{}");
        var ids = new List<long>();
        string? token = null;
        do
        {
            var page = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = execution.ExecutionArn, MaxResults = 3, NextToken = token });
            Assert.True(page.Events.Count <= 3);
            ids.AddRange(page.Events.Select(e => e.Id));
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), ids);

        var reversed = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = execution.ExecutionArn, ReverseOrder = true, MaxResults = 2 });
        Assert.Equal([8L, 7L], reversed.Events.Select(e => e.Id));
        Assert.Equal("ExecutionSucceeded", reversed.Events[0].Type);
        var next = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = execution.ExecutionArn, ReverseOrder = true, MaxResults = 2, NextToken = reversed.NextToken });
        Assert.Equal([6L, 5L], next.Events.Select(e => e.Id));

        var noData = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = execution.ExecutionArn, IncludeExecutionData = false });
        Assert.Null(noData.Events[1].StateEnteredEventDetails!.Input);
        Assert.Equal("A", noData.Events[1].StateEnteredEventDetails!.Name);
    }

    [Fact]
    public async Task List_executions_filters_by_status_and_pages()
    {
        var ok = await CreateAsync();
        for (var i = 0; i < 5; i++) await RunAsync(ok, """{"who":"x"}""", $"ok-{i}");
        var failing = await CreateAsync("failing", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}""");
        await RunAsync(failing, "{}", "f");

        var succeeded = await _sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = ok, StatusFilter = "SUCCEEDED", MaxResults = 2 });
        Assert.Equal(["ok-4", "ok-3"], succeeded.Executions.Select(e => e.Name));
        var rest = await _sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = ok, StatusFilter = "SUCCEEDED", NextToken = succeeded.NextToken });
        Assert.Equal(["ok-2", "ok-1", "ok-0"], rest.Executions.Select(e => e.Name));
        Assert.Null(rest.NextToken);
        var failed = await _sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = failing, StatusFilter = "FAILED" });
        Assert.Single(failed.Executions);
        Assert.Empty((await _sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = ok, StatusFilter = "FAILED" })).Executions);
    }

    [Fact]
    public async Task Sync_execution_runs_express_machines_only()
    {
        var express = await CreateAsync("fast", type: "EXPRESS");
        var result = await _sfn.StartSyncExecutionAsync(new StartSyncExecutionInput { StateMachineArn = express, Input = """{"who":"sync"}""" });
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"hello":"sync"}""", result.Output);
        var standard = await CreateAsync();
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => _sfn.StartSyncExecutionAsync(new StartSyncExecutionInput { StateMachineArn = standard }));
        Assert.Equal("StateMachineTypeNotSupported", error.ErrorCode);
    }

    [Fact]
    public async Task Update_publishes_versions_and_executions_keep_their_definition()
    {
        var arn = (await _sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = "v", Definition = Hello, RoleArn = Role, Publish = true })).StateMachineArn;
        var v2 = """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"two","End":true}}}""";
        var updated = await _sfn.UpdateStateMachineAsync(new UpdateStateMachineInput { StateMachineArn = arn, Definition = v2, Publish = true });
        Assert.Equal(arn + ":2", updated.StateMachineVersionArn);
        var first = await RunAsync(arn + ":1", """{"who":"v1"}""");
        Assert.Equal("""{"hello":"v1"}""", first.Output);
        var latest = await RunAsync(arn, "{}");
        Assert.Equal("\"two\"", latest.Output);
        var forExecution = await _sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionInput { ExecutionArn = first.ExecutionArn });
        Assert.Equal(Hello, forExecution.Definition);
    }

    [Fact]
    public async Task Tags_are_stored_and_limited()
    {
        var arn = await CreateAsync();
        await _sfn.TagResourceAsync(new TagResourceInput { ResourceArn = arn, Tags = [new Tag { Key = "team", Value = "ml" }, new Tag { Key = "env", Value = "dev" }] });
        await _sfn.UntagResourceAsync(new UntagResourceInput { ResourceArn = arn, TagKeys = ["env"] });
        var tags = await _sfn.ListTagsForResourceAsync(new ListTagsForResourceInput { ResourceArn = arn });
        Assert.Equal(["team=ml"], tags.Tags!.Select(t => $"{t.Key}={t.Value}"));
        var tooMany = Enumerable.Range(0, 51).Select(i => new Tag { Key = $"k{i}", Value = "v" }).ToList();
        Assert.Equal("TooManyTags", (await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.TagResourceAsync(new TagResourceInput { ResourceArn = arn, Tags = tooMany }))).ErrorCode);
    }

    [Fact]
    public async Task TestState_runs_one_state()
    {
        var result = await _sfn.TestStateAsync(new TestStateInput
        {
            Definition = """{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"Big"}],"Default":"Small"}""",
            Input = """{"n":5}""",
        });
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("Big", result.NextState);
        Assert.Equal("""{"n":5}""", result.Output);
    }

    [Fact]
    public async Task Task_tokens_complete_callbacks_through_the_api()
    {
        string? token = null;
        _sfn.Integrations.Add(new StepFunctions.Integrations.DelegateIntegration("arn:aws:states:::test:approve", (call, _) =>
        {
            token = call.TaskToken;
            return Task.FromResult<JsonNode?>(null);
        }, Workflows.IntegrationPattern.WaitForTaskToken));
        var arn = await CreateAsync("approval", """{"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::test:approve.waitForTaskToken","End":true}}}""");
        var started = await _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (token is null && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal("TaskDoesNotExist", (await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = "unknown", Output = "{}" }))).ErrorCode);
        await _sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatInput { TaskToken = token! });
        await _sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = token!, Output = """{"ok":true}""" });
        await _sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(10));
        var done = await _sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
        Assert.Equal("""{"ok":true}""", done.Output);
    }

    [Fact]
    public async Task Running_executions_resume_after_a_restart()
    {
        var gate = new TaskCompletionSource();
        var calls = 0;
        _sfn.Lambda.Register("step", async (p, ct) =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task.WaitAsync(ct);
            return p;
        });
        var arn = await CreateAsync("resumable", """
            {"StartAt":"Before","States":{
              "Before":{"Type":"Pass","Result":{"n":1},"ResultPath":"$.before","Next":"Work"},
              "Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:step","Next":"After"},
              "After":{"Type":"Pass","Parameters":{"done":true,"before.$":"$.before.n"},"End":true}}}
            """);
        var started = await _sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = arn, Input = """{"x":1}""" });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref calls) == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await _sfn.DisposeAsync();

        _sfn = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data, ResumeRunningExecutions = false });
        Assert.Equal("RUNNING", (await _sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn })).Status);
        await _sfn.DisposeAsync();

        // The function is there before the store opens: the execution resumes at once, and must find it.
        _sfn = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data, Lambda = new Stepwise.Local.Lambda.LocalLambda().Register("step", p => p) });
        await _sfn.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(20));
        var done = await _sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });
        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal("""{"done":true,"before":1}""", done.Output);
        var history = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = started.ExecutionArn, MaxResults = 1000 });
        Assert.Equal(Enumerable.Range(1, history.Events.Count).Select(i => (long)i), history.Events.Select(e => e.Id));
        Assert.Single(history.Events, e => e.Type == "ExecutionStarted");
        Assert.Single(history.Events, e => e.Type == "PassStateEntered" && e.StateEnteredEventDetails!.Name == "Before");
    }

    [Theory]
    [InlineData(-5, "Member must have value greater than or equal to 0")]
    [InlineData(1001, "Member must have value less than or equal to 1000")]
    public async Task MaxResults_out_of_range_names_the_bound_it_crossed(int maxResults, string constraint)
    {
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => _sfn.ListStateMachinesAsync(new ListStateMachinesInput { MaxResults = maxResults }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: {constraint}", error.Message);
    }
}
