using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.StepFunctions.Store;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Lambda;
using Stepwise.Local.S3;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Validation;

namespace Stepwise.Local.StepFunctions;

/// <summary>AWS Step Functions on this machine: the <see cref="IStepFunctions"/> port served by the ASL engine,
/// persisted in SQLite under <see cref="LocalStepFunctionsOptions.DataDirectory"/>. Executions run in the
/// background; after a restart, RUNNING executions resume from their last checkpoint.</summary>
public sealed partial class LocalStepFunctions : IStepFunctions, IAsyncDisposable
{
    private const int MaxPayloadBytes = 256 * 1024;
    private readonly LocalStepFunctionsOptions _options;
    private readonly SqliteStore _store;
    private readonly WorkflowEngine _engine;
    private readonly ConcurrentDictionary<string, RunningExecution> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _startGate = new();
    private readonly ILambda _lambda;

    public LocalStepFunctions(LocalStepFunctionsOptions? options = null)
    {
        _options = options ?? new LocalStepFunctionsOptions();
        Mocks = _options.Mocks ?? MockConfig.FromEnvironment() ?? MockConfig.Empty; // a malformed file fails here, before anything opens
        _store = SqliteStore.Open(_options.DataDirectory);
        _lambda = _options.Lambda ?? new LocalLambda(_options.Region, _options.Account);
        Integrations = new IntegrationRegistry { Authorizer = _options.ExecutionRoles }.Add(new LambdaIntegration(_lambda));
        if (_options.SageMaker is { } sageMaker)
            Integrations.Add(new SageMakerIntegration(sageMaker, _options.Clock, _options.SageMakerPollInterval));
        foreach (var integration in _options.Integrations) Integrations.Add(integration);
        TaskTokens = new TaskTokens();
        Activities = new ActivityTasks(arn => _store.GetActivity(arn) is not null);
        _engine = new WorkflowEngine(new EngineOptions
        {
            Clock = _options.Clock,
            Integrations = Integrations,
            TaskTokens = TaskTokens,
            Activities = Activities,
            Region = _options.Region,
            ObjectStore = _options.ObjectStorage ?? new LocalS3(Path.Combine(_options.DataDirectory, "s3")),
            RandomSeed = _options.RandomSeed,
        });
        if (_options.ResumeRunningExecutions) ResumeRunning();
    }

    /// <summary>Local Lambda: register .NET handlers as functions that Task states can invoke.</summary>
    public LocalLambda Lambda => _lambda as LocalLambda
        ?? throw new InvalidOperationException("This Step Functions invokes a Lambda service that is not the local one: register functions there.");

    /// <summary>The mocked service integrations executions started on <c>stateMachineArn#TestCase</c> run with:
    /// <see cref="LocalStepFunctionsOptions.Mocks"/>, else the file <c>SFN_MOCK_CONFIG</c> names.</summary>
    public MockConfig Mocks { get; }

    /// <summary>All integrations Task states can call; add your own.</summary>
    public IntegrationRegistry Integrations { get; }

    /// <summary>The task tokens of waiting <c>.waitForTaskToken</c> tasks.</summary>
    public TaskTokens TaskTokens { get; }

    /// <summary>The S3 that distributed Map's ItemReader and ResultWriter read and write.</summary>
    public IObjectStorage ObjectStore => _engine.Options.ObjectStore!;

    public string DataDirectory => _options.DataDirectory;

    /// <summary>Completes when the execution has ended and its end is committed (immediately if it already has).</summary>
    public async Task WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        if (!_running.TryGetValue(executionArn, out var running)) return;
        await running.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        // A Map Run child's end rides the next commit (a top-level execution's is committed before it counts as ended).
        await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---- state machines -----------------------------------------------------------------------------------

    public async Task<CreateStateMachineOutput> CreateStateMachineAsync(CreateStateMachineInput input, CancellationToken cancellationToken = default)
    {
        Names.Check(input.Name, "name");
        var type = input.Type ?? StateMachineType.Standard;
        if (type is not (StateMachineType.Standard or StateMachineType.Express))
            throw StepFunctionsException.Validation($"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        Arns.CheckRole(input.RoleArn);
        CheckVersionDescription(input.VersionDescription, input.Publish);
        CheckDefinition(input.Definition, type);
        CheckLogging(input.LoggingConfiguration);

        var arn = $"arn:aws:states:{_options.Region}:{_options.Account}:stateMachine:{input.Name}";
        _options.ExecutionRoles?.CheckStateMachineRole(arn, input.RoleArn, input.Definition);
        var existing = _store.GetStateMachine(arn);
        if (existing is not null)
        {
            if (existing.Definition == input.Definition && existing.RoleArn == input.RoleArn && existing.Type == type)
                return new CreateStateMachineOutput { StateMachineArn = arn, CreationDate = existing.CreationDate };
            throw StepFunctionsException.StateMachineAlreadyExists(arn);
        }

        var now = _options.Clock.UtcNow;
        var machine = new StateMachineRecord(arn, input.Name, input.Definition, input.RoleArn, type, now, now, Guid.NewGuid().ToString(),
            Json(input.LoggingConfiguration), Json(input.TracingConfiguration), input.Publish == true ? 1 : 0);
        await _store.PutStateMachineAsync(machine, cancellationToken).ConfigureAwait(false);
        if (input.Tags is { Count: > 0 } tags) await TagResourceAsync(new TagResourceInput { ResourceArn = arn, Tags = tags }, cancellationToken).ConfigureAwait(false);
        string? versionArn = null;
        if (input.Publish == true)
        {
            await _store.PutVersionAsync(new StateMachineVersionRecord(arn, 1, input.Definition, input.RoleArn, machine.RevisionId, input.VersionDescription, now), cancellationToken).ConfigureAwait(false);
            versionArn = arn + ":1";
        }
        return new CreateStateMachineOutput { StateMachineArn = arn, CreationDate = now, StateMachineVersionArn = versionArn };
    }

    public async Task<UpdateStateMachineOutput> UpdateStateMachineAsync(UpdateStateMachineInput input, CancellationToken cancellationToken = default)
    {
        var machine = RequireStateMachine(input.StateMachineArn);
        if (input.Definition is null && input.RoleArn is null && input.LoggingConfiguration is null && input.TracingConfiguration is null)
            throw new StepFunctionsException(StepFunctionsErrorCodes.MissingRequiredParameter,
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        CheckVersionDescription(input.VersionDescription, input.Publish);
        if (input.Definition is not null) CheckDefinition(input.Definition, machine.Type);
        if (input.RoleArn is not null) Arns.CheckRole(input.RoleArn);
        CheckLogging(input.LoggingConfiguration);
        if (input.RoleArn is not null || input.Definition is not null)
            _options.ExecutionRoles?.CheckStateMachineRole(machine.Arn, input.RoleArn ?? machine.RoleArn, input.Definition ?? machine.Definition);

        var now = _options.Clock.UtcNow;
        var updated = machine with
        {
            Definition = input.Definition ?? machine.Definition,
            RoleArn = input.RoleArn ?? machine.RoleArn,
            LoggingConfiguration = input.LoggingConfiguration is null ? machine.LoggingConfiguration : Json(input.LoggingConfiguration),
            TracingConfiguration = input.TracingConfiguration is null ? machine.TracingConfiguration : Json(input.TracingConfiguration),
            UpdateDate = now,
            RevisionId = Guid.NewGuid().ToString(),
            LatestVersion = machine.LatestVersion + (input.Publish == true ? 1 : 0),
        };
        await _store.PutStateMachineAsync(updated, cancellationToken).ConfigureAwait(false);
        string? versionArn = null;
        if (input.Publish == true)
        {
            await _store.PutVersionAsync(new StateMachineVersionRecord(machine.Arn, updated.LatestVersion, updated.Definition, updated.RoleArn, updated.RevisionId, input.VersionDescription, now), cancellationToken).ConfigureAwait(false);
            versionArn = $"{machine.Arn}:{updated.LatestVersion}";
        }
        return new UpdateStateMachineOutput { UpdateDate = now, RevisionId = updated.RevisionId, StateMachineVersionArn = versionArn };
    }

    public Task<DescribeStateMachineOutput> DescribeStateMachineAsync(DescribeStateMachineInput input, CancellationToken cancellationToken = default)
    {
        var (machine, version) = RequireStateMachineOrVersion(input.StateMachineArn);
        return Task.FromResult(new DescribeStateMachineOutput
        {
            StateMachineArn = input.StateMachineArn,
            Name = machine.Name,
            Status = "ACTIVE",
            Definition = version?.Definition ?? machine.Definition,
            RoleArn = version?.RoleArn ?? machine.RoleArn,
            Type = machine.Type,
            CreationDate = version?.CreationDate ?? machine.CreationDate,
            LoggingConfiguration = Parse<LoggingConfiguration>(machine.LoggingConfiguration),
            TracingConfiguration = Parse<TracingConfiguration>(machine.TracingConfiguration),
            RevisionId = version?.RevisionId ?? machine.RevisionId,
            Description = version?.Description,
        });
    }

    public Task<ListStateMachinesOutput> ListStateMachinesAsync(ListStateMachinesInput input, CancellationToken cancellationToken = default)
    {
        var (offset, limit) = Paging.Window(input.NextToken, input.MaxResults);
        var all = _store.ListStateMachines();
        var page = all.Skip(offset).Take(limit).Select(m => new StateMachineListItem
        {
            StateMachineArn = m.Arn,
            Name = m.Name,
            Type = m.Type,
            CreationDate = m.CreationDate,
        }).ToList();
        return Task.FromResult(new ListStateMachinesOutput
        {
            StateMachines = page,
            NextToken = offset + limit < all.Count ? Paging.Token(offset + limit) : null,
        });
    }

    public async Task<DeleteStateMachineOutput> DeleteStateMachineAsync(DeleteStateMachineInput input, CancellationToken cancellationToken = default)
    {
        Arns.CheckStateMachine(input.StateMachineArn);
        if (_store.GetStateMachine(input.StateMachineArn) is not null)
            await _store.DeleteStateMachineAsync(input.StateMachineArn, cancellationToken).ConfigureAwait(false);
        return new DeleteStateMachineOutput();
    }

    public Task<ValidateStateMachineDefinitionOutput> ValidateStateMachineDefinitionAsync(ValidateStateMachineDefinitionInput input, CancellationToken cancellationToken = default)
    {
        var limit = input.MaxResults is > 0 and var max ? max : 100;
        var diagnostics = Diagnostics(input.Definition, input.Type ?? StateMachineType.Standard)
            .Where(d => input.Severity != "WARNING" || d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning)
            .Select(d => new ValidateStateMachineDefinitionDiagnostic
            {
                Severity = d.Severity == DiagnosticSeverity.Error ? "ERROR" : "WARNING",
                Code = d.Code,
                Message = d.Message,
                Location = d.Location,
            }).ToList();
        return Task.FromResult(new ValidateStateMachineDefinitionOutput
        {
            Result = diagnostics.Any(d => d.Severity == "ERROR") ? "FAIL" : "OK",
            Diagnostics = [.. diagnostics.Take(limit)],
            Truncated = diagnostics.Count > limit,
        });
    }

    /// <summary>AWS refuses a version description on a call that publishes no version.</summary>
    private static void CheckVersionDescription(string? description, bool? publish)
    {
        if (description is not null && publish != true)
            throw StepFunctionsException.Validation("Version description can only be set when publish is true");
    }

    private static void CheckDefinition(string definition, string type)
    {
        var errors = Diagnostics(definition, type).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0) return;
        var text = string.Join(", ", errors.Select(e => $"'{e.Code}: {e.Message}{(e.Location is null ? "" : " at " + e.Location)}'"));
        throw StepFunctionsException.InvalidDefinition($"Invalid State Machine Definition: {text}");
    }

    /// <summary>The structural diagnostics of the definition, then (when it is structurally sound) its expressions'.</summary>
    private static IReadOnlyList<Diagnostic> Diagnostics(string definition, string type)
    {
        // AWS answers a blank or non-object definition without a location (and without any parser's text).
        if (!IsJsonObject(definition)) return [new Diagnostic(DiagnosticCodes.Schema, "Definition must be a valid JSON object", null!)];
        var report = StateMachine.Validate(definition);
        if (report.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return report.Diagnostics;
        var machine = StateMachine.FromJson(definition);
        return [.. report.Diagnostics, .. ExpressionChecks.Check(machine), .. ExpressChecks(machine, type)];
    }

    /// <summary>False for a blank definition or JSON that is not an object (AWS requires an object before it reads any state).</summary>
    private static bool IsJsonObject(string definition)
    {
        if (string.IsNullOrWhiteSpace(definition)) return false;
        try
        {
            using var document = JsonDocument.Parse(definition);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            // Not JSON at all: the reader reports it (INVALID_JSON_DESCRIPTION).
            return true;
        }
    }

    /// <summary>An EXPRESS state machine cannot wait for a job (.sync) or a callback (.waitForTaskToken).</summary>
    private static IEnumerable<Diagnostic> ExpressChecks(StateMachine machine, string type)
    {
        if (type != StateMachineType.Express) return [];
        return Walk(machine, "/States");

        static IEnumerable<Diagnostic> Walk(StateMachine machine, string at)
        {
            foreach (var state in machine.States)
            {
                var location = $"{at}/{state.Name}";
                if (state is Workflows.Asl.TaskState task)
                {
                    var pattern = task.Resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal) ? ".waitForTaskToken"
                        : task.Resource.Contains(".sync", StringComparison.Ordinal) ? ".sync" : null;
                    if (pattern is not null)
                        yield return new Diagnostic(DiagnosticCodes.Schema, $"Express state machine does not support '{pattern}' service integration", $"{location}/Resource");
                }
                var index = 0;
                foreach (var child in state.Children())
                {
                    var childAt = state is Workflows.Asl.MapState ? $"{location}/ItemProcessor/States" : $"{location}/Branches[{index}]/States";
                    foreach (var d in Walk(child, childAt)) yield return d;
                    index++;
                }
            }
        }
    }

    private StateMachineRecord RequireStateMachine(string arn)
    {
        Arns.CheckStateMachine(arn);
        return _store.GetStateMachine(arn) ?? throw StepFunctionsException.StateMachineDoesNotExist(arn);
    }

    private (StateMachineRecord Machine, StateMachineVersionRecord? Version) RequireStateMachineOrVersion(string arn)
    {
        Arns.CheckStateMachine(arn);
        var (baseArn, version, alias) = Arns.SplitQualifier(arn);
        if (alias is not null) throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
        var machine = _store.GetStateMachine(baseArn) ?? throw StepFunctionsException.StateMachineDoesNotExist(arn);
        if (version is null) return (machine, null);
        return (machine, _store.GetVersion(baseArn, version.Value) ?? throw StepFunctionsException.StateMachineDoesNotExist(arn));
    }

    // ---- tags ---------------------------------------------------------------------------------------------

    public async Task<TagResourceOutput> TagResourceAsync(TagResourceInput input, CancellationToken cancellationToken = default)
    {
        RequireTaggable(input.ResourceArn);
        var tags = input.Tags.Select(t => (t.Key ?? "", t.Value ?? "")).ToList();
        var keys = _store.Tags(input.ResourceArn).Select(t => t.Key).Concat(tags.Select(t => t.Item1)).Distinct().Count();
        if (keys > 50) throw StepFunctionsException.TooManyTags(input.ResourceArn);
        await _store.TagAsync(input.ResourceArn, tags, cancellationToken).ConfigureAwait(false);
        return new TagResourceOutput();
    }

    public async Task<UntagResourceOutput> UntagResourceAsync(UntagResourceInput input, CancellationToken cancellationToken = default)
    {
        RequireTaggable(input.ResourceArn);
        await _store.UntagAsync(input.ResourceArn, input.TagKeys, cancellationToken).ConfigureAwait(false);
        return new UntagResourceOutput();
    }

    public Task<ListTagsForResourceOutput> ListTagsForResourceAsync(ListTagsForResourceInput input, CancellationToken cancellationToken = default)
    {
        RequireTaggable(input.ResourceArn);
        return Task.FromResult(new ListTagsForResourceOutput
        {
            Tags = [.. _store.Tags(input.ResourceArn).Select(t => new Tag { Key = t.Key, Value = t.Value })],
        });
    }

    private void RequireTaggable(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal)) throw StepFunctionsException.InvalidArn($"Invalid Arn: '{arn}'");
        if (_store.GetStateMachine(arn) is null && _store.GetActivity(arn) is null) throw StepFunctionsException.ResourceNotFound(arn);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static string? Json<T>(T? value) where T : class =>
        value is null ? null : StepFunctionsJson.Serialize(value);

    private static T? Parse<T>(string? json) where T : class =>
        json is null ? null : StepFunctionsJson.Deserialize<T>(json);

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var running in _running.Values)
        {
            try
            {
                await running.Completion.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Interrupted by shutdown: the execution stays RUNNING and resumes at the next start.
            }
        }
        await _store.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }
}
