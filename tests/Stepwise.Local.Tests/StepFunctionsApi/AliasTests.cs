using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.StepFunctionsApi;

/// <summary>Versions and aliases: publishing, listing, weighted routing of executions, and AWS's refusals.</summary>
public sealed class AliasTests : ServiceFixture
{
    private static string Says(string word) => """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"WORD","End":true}}}""".Replace("WORD", word);

    private async Task<(string Machine, string V1, string V2)> TwoVersionsAsync()
    {
        var machine = await CreateAsync("greeter", Says("one"), publish: true);
        var v2 = (await Sfn.UpdateStateMachineAsync(new UpdateStateMachineInput { StateMachineArn = machine, Definition = Says("two"), Publish = true })).StateMachineVersionArn!;
        return (machine, machine + ":1", v2);
    }

    private static RoutingConfigurationListItem Route(string version, int weight) => new() { StateMachineVersionArn = version, Weight = weight };

    [Fact]
    public async Task Versions_are_listed_newest_first_and_published_once_per_revision()
    {
        var (machine, v1, v2) = await TwoVersionsAsync();
        var listed = await Sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsInput { StateMachineArn = machine });
        Assert.Equal([v2, v1], listed.StateMachineVersions.Select(v => v.StateMachineVersionArn));
        var page = await Sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsInput { StateMachineArn = machine, MaxResults = 1 });
        Assert.NotNull(page.NextToken);
        Assert.Equal(v1, Assert.Single((await Sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsInput { StateMachineArn = machine, MaxResults = 1, NextToken = page.NextToken })).StateMachineVersions).StateMachineVersionArn);

        Assert.Equal(v2, (await Sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionInput { StateMachineArn = machine })).StateMachineVersionArn);
        await RefusedAsync(() => Sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionInput { StateMachineArn = machine, RevisionId = "stale" }), "ConflictException");
        await RefusedAsync(() => Sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsInput { StateMachineArn = machine, NextToken = "garbage" }), "InvalidToken");

        await Sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionInput { StateMachineVersionArn = v1 });
        Assert.Equal([v2], (await Sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsInput { StateMachineArn = machine })).StateMachineVersions.Select(v => v.StateMachineVersionArn));
        await RefusedAsync(() => Sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionInput { StateMachineVersionArn = machine }), "InvalidArn");
    }

    [Fact]
    public async Task An_alias_routes_executions_by_weight_and_records_the_version_it_chose()
    {
        var (machine, v1, v2) = await TwoVersionsAsync();
        var alias = (await Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput
        {
            Name = "live", Description = "canary", RoutingConfiguration = [Route(v1, 70), Route(v2, 30)],
        })).StateMachineAliasArn;
        Assert.Equal(machine + ":live", alias);

        var outputs = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var run = await RunAsync(alias, name: $"run-{i}");
            Assert.Equal(alias, run.StateMachineAliasArn);
            Assert.Equal(run.Output == "\"one\"" ? v1 : v2, run.StateMachineVersionArn);
            outputs.Add(run.Output!);
        }
        var ones = outputs.Count(o => o == "\"one\"");
        Assert.InRange(ones, 20, 38); // 70 % of 40, seeded
        Assert.Equal(40, (await Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = alias })).Executions.Count);

        await Sfn.UpdateStateMachineAliasAsync(new UpdateStateMachineAliasInput { StateMachineAliasArn = alias, RoutingConfiguration = [Route(v2, 100)] });
        Assert.Equal("\"two\"", (await RunAsync(alias)).Output);
        var described = await Sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasInput { StateMachineAliasArn = alias });
        Assert.Equal(("live", "canary", v2), (described.Name, described.Description, Assert.Single(described.RoutingConfiguration!).StateMachineVersionArn));
        Assert.Equal([alias], (await Sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesInput { StateMachineArn = machine })).StateMachineAliases.Select(a => a.StateMachineAliasArn));
        Assert.Empty((await Sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesInput { StateMachineArn = v1 })).StateMachineAliases);
    }

    [Fact]
    public async Task A_version_an_alias_routes_to_cannot_be_deleted()
    {
        var (_, v1, _) = await TwoVersionsAsync();
        var alias = (await Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "prod", RoutingConfiguration = [Route(v1, 100)] })).StateMachineAliasArn;
        var error = await RefusedAsync(() => Sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionInput { StateMachineVersionArn = v1 }), "ConflictException");
        Assert.Contains(alias, error.Message);
        await Sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasInput { StateMachineAliasArn = alias });
        await Sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionInput { StateMachineVersionArn = v1 });
        await RefusedAsync(() => Sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasInput { StateMachineAliasArn = alias }), "ResourceNotFound");
    }

    [Fact]
    public async Task Alias_requests_are_validated_like_AWS()
    {
        var (machine, v1, v2) = await TwoVersionsAsync();
        var badName = await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "123", RoutingConfiguration = [Route(v1, 100)] }), "ValidationException");
        Assert.StartsWith("1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:", badName.Message);
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v1, 50), Route(v2, 40)] }), "ValidationException");
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v1, 50), Route(v1, 50)] }), "ValidationException");
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v1, 40), Route(v2, 30), Route(v1, 30)] }), "ValidationException");
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v1, 101)] }), "ValidationException");
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(machine, 100)] }), "InvalidArn");
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(machine + ":9", 100)] }), "ResourceNotFound");
        await Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v1, 100)] });
        await Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v1, 100)] }); // the same again
        await RefusedAsync(() => Sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasInput { Name = "a", RoutingConfiguration = [Route(v2, 100)] }), "ConflictException");
        await RefusedAsync(() => Sfn.UpdateStateMachineAliasAsync(new UpdateStateMachineAliasInput { StateMachineAliasArn = machine + ":a" }), "ValidationException");
        await RefusedAsync(() => Sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasInput { StateMachineAliasArn = v1 }), "InvalidArn");
        await RefusedAsync(() => Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine + ":missing" }), "StateMachineDoesNotExist");
    }

    [Fact]
    public async Task ListExecutions_is_refused_for_EXPRESS_machines()
    {
        var express = await CreateAsync("quick", Says("fast"), type: "EXPRESS");
        var error = await RefusedAsync(() => Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = express }), "StateMachineTypeNotSupported");
        Assert.Equal("This operation is not supported by this type of state machine", error.Message);
    }
}
