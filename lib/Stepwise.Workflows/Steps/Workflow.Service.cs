using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Workflows;

// Workflow against a Step Functions service (local or AWS), as the Python SDK's create / execute / attach.
public sealed partial class Workflow
{
    /// <summary>The service the workflow is created in and executed by.</summary>
    public IStepFunctions? Client { get; init; }

    /// <summary>The polling interval of its executions unless one is given.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often its executions poll the service while waiting (<see cref="Execution.PollInterval"/>).</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>The clock its executions wait on: the system's, or a fake one in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where <see cref="CreateAsync"/> says what it did (created, updated, unchanged); the console unless set.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>The state machine's ARN once created or attached; null before.</summary>
    public string? StateMachineArn { get; private set; }

    private IStepFunctions RequireClient() =>
        Client ?? throw new InvalidOperationException("This workflow has no Step Functions client: construct it with Client = … (the local engine or AWS).");

    private string RequireArn() =>
        StateMachineArn ?? throw new InvalidOperationException($"The workflow '{Name}' has not been created yet: call CreateAsync() first, or attach to an existing state machine.");

    /// <summary>Creates the state machine and returns its ARN. When one with this name exists already (a notebook run
    /// again after an edit), it is updated to this definition and role if they differ, and left alone if not; the
    /// <see cref="Log"/> says which.</summary>
    public async Task<string> CreateAsync(CancellationToken cancellationToken = default)
    {
        var client = RequireClient();
        var definition = ToJson();
        var log = Log ?? Console.Out;
        var existing = await FindByNameAsync(client, Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                var created = await client.CreateStateMachineAsync(new CreateStateMachineInput
                {
                    Name = Name,
                    Definition = definition,
                    RoleArn = RoleArn,
                }, cancellationToken).ConfigureAwait(false);
                StateMachineArn = created.StateMachineArn;
                log.WriteLine($"Created state machine {Name}: {created.StateMachineArn}");
                return created.StateMachineArn;
            }
            catch (StepFunctionsException e) when (e.ErrorCode == StepFunctionsErrorCodes.StateMachineAlreadyExists)
            {
                // Created by someone else since we looked: update it below, as if we had seen it.
                existing = await FindByNameAsync(client, Name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Step Functions says a state machine named '{Name}' exists, but it is not listed: {e.Message}", e);
            }
        }

        var described = await client.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = existing }, cancellationToken).ConfigureAwait(false);
        StateMachineArn = existing;
        var changes = DescribeChanges(described, definition);
        if (changes.Count == 0)
        {
            log.WriteLine($"State machine {Name} exists with this definition and role: unchanged ({existing})");
            return existing;
        }
        await client.UpdateStateMachineAsync(new UpdateStateMachineInput
        {
            StateMachineArn = existing,
            Definition = definition,
            RoleArn = RoleArn,
        }, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"State machine {Name} existed: updated its {string.Join(" and ", changes)} ({existing})");
        return existing;
    }

    private IReadOnlyList<string> DescribeChanges(DescribeStateMachineOutput deployed, string definition)
    {
        var changes = new List<string>(2);
        if (!JsonNode.DeepEquals(JsonNode.Parse(deployed.Definition), JsonNode.Parse(definition)))
            changes.Add("definition");
        if (!string.Equals(deployed.RoleArn, RoleArn, StringComparison.Ordinal))
            changes.Add("role");
        return changes;
    }

    private static async Task<string?> FindByNameAsync(IStepFunctions client, string name, CancellationToken cancellationToken)
    {
        foreach (var item in await ListWorkflowsAsync(client, cancellationToken: cancellationToken).ConfigureAwait(false))
            if (item.Name == name)
                return item.StateMachineArn;
        return null;
    }

    /// <summary>Replaces the deployed definition with this workflow's current one (and role).</summary>
    public async Task UpdateAsync(CancellationToken cancellationToken = default) =>
        await RequireClient().UpdateStateMachineAsync(new UpdateStateMachineInput
        {
            StateMachineArn = RequireArn(),
            Definition = ToJson(),
            RoleArn = RoleArn,
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts an execution. <paramref name="inputs"/> is any JSON-serializable value (a dictionary, an
    /// anonymous object, a <see cref="JsonNode"/>); when the workflow declares an <see cref="ExecutionInput"/>,
    /// the inputs are checked against it first.</summary>
    public async Task<Execution> ExecuteAsync(object? inputs = null, string? name = null, CancellationToken cancellationToken = default)
    {
        var client = RequireClient();
        var stateMachineArn = RequireArn();
        var input = inputs switch
        {
            null => new JsonObject(),
            JsonNode node => node,
            string text => JsonNode.Parse(text),
            _ => JsonSerializer.SerializeToNode(inputs),
        };
        if (ExecutionInput is { } schema)
        {
            var check = schema.Validate(input);
            if (!check.IsValid) throw new ArgumentException($"The inputs do not match the workflow's ExecutionInput: {check}", nameof(inputs));
        }
        var started = await client.StartExecutionAsync(new StartExecutionInput
        {
            StateMachineArn = stateMachineArn,
            Name = name,
            Input = input?.ToJsonString() ?? "null",
        }, cancellationToken).ConfigureAwait(false);
        return new Execution(client, started.ExecutionArn, this);
    }

    /// <summary>The workflow's executions, newest first.</summary>
    public async Task<IReadOnlyList<ExecutionListItem>> ListExecutionsAsync(int? maxItems = null, string? statusFilter = null, CancellationToken cancellationToken = default)
    {
        var client = RequireClient();
        var stateMachineArn = RequireArn();
        return await Pages.ReadAsync(async token =>
        {
            var page = await client.ListExecutionsAsync(new ListExecutionsInput
            {
                StateMachineArn = stateMachineArn,
                StatusFilter = statusFilter,
                NextToken = token,
                MaxResults = 1000,
            }, cancellationToken).ConfigureAwait(false);
            return (page.Executions, page.NextToken);
        }, maxItems).ConfigureAwait(false);
    }

    /// <summary>Deletes the state machine.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        await RequireClient().DeleteStateMachineAsync(new DeleteStateMachineInput { StateMachineArn = RequireArn() }, cancellationToken).ConfigureAwait(false);
        StateMachineArn = null;
    }

    /// <summary>The state machines of the service.</summary>
    public static Task<IReadOnlyList<StateMachineListItem>> ListWorkflowsAsync(IStepFunctions client, int? maxItems = null, CancellationToken cancellationToken = default) =>
        Pages.ReadAsync(async token =>
        {
            var page = await client.ListStateMachinesAsync(new ListStateMachinesInput { NextToken = token, MaxResults = 1000 }, cancellationToken).ConfigureAwait(false);
            return (page.StateMachines, page.NextToken);
        }, maxItems);

    /// <summary>A workflow for an existing state machine, its definition read back from the service.</summary>
    public static async Task<Workflow> AttachAsync(IStepFunctions client, string stateMachineArn, CancellationToken cancellationToken = default)
    {
        var described = await client.DescribeStateMachineAsync(new DescribeStateMachineInput { StateMachineArn = stateMachineArn }, cancellationToken).ConfigureAwait(false);
        return new Workflow(described.Name, Asl.StateMachine.FromJson(described.Definition), described.RoleArn) { Client = client, StateMachineArn = described.StateMachineArn };
    }
}
