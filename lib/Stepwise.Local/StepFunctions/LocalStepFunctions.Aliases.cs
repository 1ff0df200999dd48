using System.Text.Json;
using System.Text.RegularExpressions;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.StepFunctions;

/// <summary>Versions (PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion) and aliases
/// (<c>…:stateMachine:name:alias</c>) that route executions between one or two versions by weight.</summary>
public sealed partial class LocalStepFunctions
{
    // The model's CharacterRestrictedName: letters, digits, '_', '-', '.', and not only digits (that would read as a version).
    private const string AliasNamePattern = @"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$";
    private static readonly Regex AliasName = new(AliasNamePattern, RegexOptions.CultureInvariant);
    private readonly object _routingGate = new();
    private Random? _routing;

    // ---- versions -----------------------------------------------------------------------------------------

    public async Task<PublishStateMachineVersionOutput> PublishStateMachineVersionAsync(PublishStateMachineVersionInput input, CancellationToken cancellationToken = default)
    {
        if (input.Description is { Length: > 256 }) throw StepFunctionsException.MemberTooLong("description", 256);
        var machine = RequireStateMachine(input.StateMachineArn);
        // Wording without a source: AWS documents the ConflictException for a revision that moved on, not its text.
        if (input.RevisionId is not null && input.RevisionId != machine.RevisionId)
            throw new StepFunctionsException(StepFunctionsErrorCodes.ConflictException,
                $"Failed to publish the State Machine version: the revisionId '{input.RevisionId}' does not match the current revision '{machine.RevisionId}'");
        // Publishing a revision that already has a version returns that version, as AWS does.
        if (machine.LatestVersion > 0 && _store.GetVersion(machine.Arn, machine.LatestVersion) is { } latest && latest.RevisionId == machine.RevisionId)
            return new PublishStateMachineVersionOutput { StateMachineVersionArn = $"{machine.Arn}:{latest.Version}", CreationDate = latest.CreationDate };
        var now = _options.Clock.UtcNow;
        var updated = machine with { LatestVersion = machine.LatestVersion + 1 };
        await _store.PutStateMachineAsync(updated, cancellationToken).ConfigureAwait(false);
        await _store.PutVersionAsync(new StateMachineVersionRecord(machine.Arn, updated.LatestVersion, machine.Definition, machine.RoleArn,
            machine.RevisionId, input.Description, now), cancellationToken).ConfigureAwait(false);
        return new PublishStateMachineVersionOutput { StateMachineVersionArn = $"{machine.Arn}:{updated.LatestVersion}", CreationDate = now };
    }

    public Task<ListStateMachineVersionsOutput> ListStateMachineVersionsAsync(ListStateMachineVersionsInput input, CancellationToken cancellationToken = default)
    {
        var machine = RequireStateMachine(input.StateMachineArn);
        var (offset, limit) = Paging.Window(input.NextToken, input.MaxResults);
        var page = _store.ListVersions(machine.Arn, offset, limit + 1);
        return Task.FromResult(new ListStateMachineVersionsOutput
        {
            StateMachineVersions = [.. page.Take(limit).Select(v => new StateMachineVersionListItem
            {
                StateMachineVersionArn = $"{v.StateMachineArn}:{v.Version}",
                CreationDate = v.CreationDate,
            })],
            NextToken = page.Count > limit ? Paging.Token(offset + limit) : null,
        });
    }

    public async Task<DeleteStateMachineVersionOutput> DeleteStateMachineVersionAsync(DeleteStateMachineVersionInput input, CancellationToken cancellationToken = default)
    {
        var (machineArn, version) = RequireVersionArn(input.StateMachineVersionArn);
        var routing = _store.ListAliases(machineArn).Where(a => Routes(a).Any(r => r.StateMachineVersionArn == input.StateMachineVersionArn)).Select(a => a.Arn).ToList();
        // AWS's wording for a version an alias still routes to (quoted from the service's answer as observed, not a documented text).
        if (routing.Count > 0)
            throw new StepFunctionsException(StepFunctionsErrorCodes.ConflictException,
                $"Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{string.Join(", ", routing)}]");
        // Deleting a version that is not there succeeds, as AWS's delete operations do.
        if (_store.GetVersion(machineArn, version) is not null)
            await _store.DeleteVersionAsync(machineArn, version, cancellationToken).ConfigureAwait(false);
        return new DeleteStateMachineVersionOutput();
    }

    /// <summary>A version ARN (<c>…:stateMachine:name:3</c>): its state machine and number; anything else is InvalidArn.</summary>
    private static (string MachineArn, int Version) RequireVersionArn(string arn)
    {
        Arns.CheckStateMachine(arn);
        var (machineArn, version, _) = Arns.SplitQualifier(arn);
        return version is { } number ? (machineArn, number) : throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
    }

    // ---- aliases ------------------------------------------------------------------------------------------

    public async Task<CreateStateMachineAliasOutput> CreateStateMachineAliasAsync(CreateStateMachineAliasInput input, CancellationToken cancellationToken = default)
    {
        CheckAliasFields(input.Name, input.Description, input.RoutingConfiguration);
        var machineArn = CheckRouting(input.RoutingConfiguration);
        var machine = _store.GetStateMachine(machineArn) ?? throw StepFunctionsException.ResourceNotFound(machineArn);
        var arn = $"{machine.Arn}:{input.Name}";
        var routing = StepFunctionsJson.Serialize(input.RoutingConfiguration);
        if (_store.GetAlias(arn) is { } existing)
        {
            // The same request again is answered with the alias it made; a different one conflicts (wording without a source).
            if (existing.Description == input.Description && existing.Routing == routing)
                return new CreateStateMachineAliasOutput { StateMachineAliasArn = arn, CreationDate = existing.CreationDate };
            throw new StepFunctionsException(StepFunctionsErrorCodes.ConflictException, $"Alias {arn} already exists with a different configuration");
        }
        var now = _options.Clock.UtcNow;
        await _store.PutAliasAsync(new AliasRecord(arn, machine.Arn, input.Name, input.Description, routing, now, now), cancellationToken).ConfigureAwait(false);
        return new CreateStateMachineAliasOutput { StateMachineAliasArn = arn, CreationDate = now };
    }

    public Task<DescribeStateMachineAliasOutput> DescribeStateMachineAliasAsync(DescribeStateMachineAliasInput input, CancellationToken cancellationToken = default)
    {
        var alias = RequireAlias(input.StateMachineAliasArn);
        return Task.FromResult(new DescribeStateMachineAliasOutput
        {
            StateMachineAliasArn = alias.Arn,
            Name = alias.Name,
            Description = alias.Description,
            RoutingConfiguration = Routes(alias),
            CreationDate = alias.CreationDate,
            UpdateDate = alias.UpdateDate,
        });
    }

    public async Task<UpdateStateMachineAliasOutput> UpdateStateMachineAliasAsync(UpdateStateMachineAliasInput input, CancellationToken cancellationToken = default)
    {
        if (input.Description is { Length: > 256 }) throw StepFunctionsException.MemberTooLong("description", 256);
        var alias = RequireAlias(input.StateMachineAliasArn);
        // Wording without a source: AWS documents that one of the two is required.
        if (input.Description is null && input.RoutingConfiguration is null)
            throw StepFunctionsException.Validation("Either the description or the routingConfiguration must be specified");
        string routing = alias.Routing;
        if (input.RoutingConfiguration is { } routes)
        {
            CheckRoutingShape(routes);
            if (CheckRouting(routes) != alias.StateMachineArn)
                throw StepFunctionsException.Validation("The routing configuration's versions must belong to the alias's state machine");
            routing = StepFunctionsJson.Serialize(routes);
        }
        var now = _options.Clock.UtcNow;
        await _store.PutAliasAsync(alias with { Description = input.Description ?? alias.Description, Routing = routing, UpdateDate = now }, cancellationToken).ConfigureAwait(false);
        return new UpdateStateMachineAliasOutput { UpdateDate = now };
    }

    public async Task<DeleteStateMachineAliasOutput> DeleteStateMachineAliasAsync(DeleteStateMachineAliasInput input, CancellationToken cancellationToken = default)
    {
        var alias = RequireAlias(input.StateMachineAliasArn);
        await _store.DeleteAliasAsync(alias.Arn, cancellationToken).ConfigureAwait(false);
        return new DeleteStateMachineAliasOutput();
    }

    public Task<ListStateMachineAliasesOutput> ListStateMachineAliasesAsync(ListStateMachineAliasesInput input, CancellationToken cancellationToken = default)
    {
        // A version ARN lists the aliases that route to that version.
        var (machine, version) = RequireStateMachineOrVersion(input.StateMachineArn);
        var (offset, limit) = Paging.Window(input.NextToken, input.MaxResults);
        var aliases = _store.ListAliases(machine.Arn)
            .Where(a => version is null || Routes(a).Any(r => r.StateMachineVersionArn == input.StateMachineArn)).ToList();
        return Task.FromResult(new ListStateMachineAliasesOutput
        {
            StateMachineAliases = [.. aliases.Skip(offset).Take(limit).Select(a => new StateMachineAliasListItem { StateMachineAliasArn = a.Arn, CreationDate = a.CreationDate })],
            NextToken = offset + limit < aliases.Count ? Paging.Token(offset + limit) : null,
        });
    }

    /// <summary>What an execution target names: a state machine, one of its versions, or an alias and the version it
    /// routes this execution to (chosen by weight).</summary>
    private (StateMachineRecord Machine, StateMachineVersionRecord? Version, string? AliasArn) RequireExecutionTarget(string arn)
    {
        Arns.CheckStateMachine(arn);
        var (machineArn, _, aliasName) = Arns.SplitQualifier(arn);
        if (aliasName is null)
        {
            var (machine, version) = RequireStateMachineOrVersion(arn);
            return (machine, version, null);
        }
        var alias = _store.GetAlias(arn) ?? throw StepFunctionsException.StateMachineDoesNotExist(arn);
        var chosen = Route(Routes(alias));
        var (_, number, _) = Arns.SplitQualifier(chosen);
        var target = _store.GetStateMachine(machineArn) ?? throw StepFunctionsException.StateMachineDoesNotExist(arn);
        return (target, _store.GetVersion(machineArn, number!.Value) ?? throw StepFunctionsException.StateMachineDoesNotExist(chosen), alias.Arn);
    }

    /// <summary>Picks a version by weight; seeded by <see cref="LocalStepFunctionsOptions.RandomSeed"/> for tests.</summary>
    private string Route(IReadOnlyList<RoutingConfigurationListItem> routes)
    {
        int draw;
        lock (_routingGate)
        {
            _routing ??= _options.RandomSeed is { } seed ? new Random(seed) : new Random();
            draw = _routing.Next(100);
        }
        foreach (var route in routes)
        {
            if (draw < route.Weight) return route.StateMachineVersionArn;
            draw -= route.Weight;
        }
        return routes[^1].StateMachineVersionArn;
    }

    private static IReadOnlyList<RoutingConfigurationListItem> Routes(AliasRecord alias) =>
        StepFunctionsJson.Deserialize<IReadOnlyList<RoutingConfigurationListItem>>(alias.Routing) ?? [];

    private AliasRecord RequireAlias(string arn)
    {
        Arns.CheckStateMachine(arn);
        if (Arns.SplitQualifier(arn).Alias is null) throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
        return _store.GetAlias(arn) ?? throw StepFunctionsException.ResourceNotFound(arn);
    }

    /// <summary>The name, description and routing list against the model's constraints, in AWS's validation wording.</summary>
    private static void CheckAliasFields(string name, string? description, IReadOnlyList<RoutingConfigurationListItem> routes)
    {
        var problems = new List<string>();
        if (name.Length > 80)
            problems.Add($"Value '{name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80");
        else if (!AliasName.IsMatch(name))
            problems.Add($"Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: {AliasNamePattern}");
        if (description is { Length: > 256 })
            problems.Add("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        problems.AddRange(RoutingProblems(routes));
        if (problems.Count > 0) throw StepFunctionsException.Validation(problems);
    }

    private static void CheckRoutingShape(IReadOnlyList<RoutingConfigurationListItem> routes)
    {
        var problems = RoutingProblems(routes).ToList();
        if (problems.Count > 0) throw StepFunctionsException.Validation(problems);
    }

    private static IEnumerable<string> RoutingProblems(IReadOnlyList<RoutingConfigurationListItem> routes)
    {
        if (routes.Count < 1)
            yield return "Value '[]' at 'routingConfiguration' failed to satisfy constraint: Member must have length greater than or equal to 1";
        if (routes.Count > 2)
            yield return $"Value at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2";
        for (var i = 0; i < routes.Count; i++)
        {
            if (routes[i] is null)
            {
                yield return $"Value null at 'routingConfiguration.{i + 1}.member' failed to satisfy constraint: Member must not be null";
                continue;
            }
            if (routes[i].StateMachineVersionArn is null)
                yield return $"Value null at 'routingConfiguration.{i + 1}.member.stateMachineVersionArn' failed to satisfy constraint: Member must not be null";
            if (routes[i].Weight < 0)
                yield return $"Value '{routes[i].Weight}' at 'routingConfiguration.{i + 1}.member.weight' failed to satisfy constraint: Member must have value greater than or equal to 0";
            if (routes[i].Weight > 100)
                yield return $"Value '{routes[i].Weight}' at 'routingConfiguration.{i + 1}.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100";
        }
    }

    /// <summary>The versions exist, are distinct, belong to one state machine, and their weights sum to 100; returns that machine's ARN.</summary>
    private string CheckRouting(IReadOnlyList<RoutingConfigurationListItem> routes)
    {
        var machines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            var (machineArn, version) = RequireVersionArn(route.StateMachineVersionArn);
            machines.Add(machineArn);
            if (_store.GetVersion(machineArn, version) is null) throw StepFunctionsException.ResourceNotFound(route.StateMachineVersionArn);
        }
        // Wordings without a source: AWS documents these rules (one state machine, two different versions, a sum of 100), not their messages.
        if (machines.Count > 1)
            throw StepFunctionsException.Validation("The versions in the routing configuration must belong to the same state machine");
        if (routes.Count == 2 && routes[0].StateMachineVersionArn == routes[1].StateMachineVersionArn)
            throw StepFunctionsException.Validation("The routing configuration must not contain the same version twice");
        if (routes.Sum(r => r.Weight) != 100)
            throw StepFunctionsException.Validation("The sum of the weights in the routing configuration must be equal to 100");
        return machines.Single();
    }
}
