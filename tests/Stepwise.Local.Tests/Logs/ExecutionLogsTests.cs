using System.Text.Json.Nodes;
using Stepwise.Aws.Logs;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Logs;

public sealed class ExecutionLogsTests
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private const string Group = "/aws/vendedlogs/states/logged";
    private const string GroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:" + Group + ":*";

    private const string Succeeds = """{"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"hello.$":"$.who"},"End":true}}}""";
    private const string Fails = """{"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Next":"Boom"},"Boom":{"Type":"Fail","Error":"Bad","Cause":"on purpose"}}}""";

    private static async Task<LocalCloudEnvironment> StartAsync(bool createGroup = true)
    {
        var env = await LocalCloudEnvironment.StartTimeSkippingAsync(new LocalCloudEnvironmentOptions { StartHost = false });
        if (createGroup) await env.Cloud.Logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = Group });
        return env;
    }

    private static LoggingConfiguration Logging(string level, bool includeData = true, string groupArn = GroupArn) => new()
    {
        Level = level,
        IncludeExecutionData = includeData,
        Destinations = [new LogDestination { CloudWatchLogsLogGroup = new CloudWatchLogsLogGroup { LogGroupArn = groupArn } }],
    };

    private static async Task<string> CreateAsync(LocalCloud cloud, string definition, LoggingConfiguration? logging, string name = "logged", string? type = null) =>
        (await cloud.StepFunctions.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = name, Definition = definition, RoleArn = Role, LoggingConfiguration = logging, Type = type,
        })).StateMachineArn;

    private static async Task<string> RunAsync(LocalCloud cloud, string machineArn, string input = """{"who":"ada"}""")
    {
        var started = await cloud.StepFunctions.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machineArn, Input = input });
        await cloud.StepFunctions.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(20));
        return started.ExecutionArn;
    }

    private static async Task<List<(string Stream, JsonObject Line)>> LinesAsync(LocalCloud cloud)
    {
        var events = await cloud.Logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group });
        return [.. events.Events!.Select(e => (e.LogStreamName!, JsonNode.Parse(e.Message!)!.AsObject()))];
    }

    private static List<string> Types(IEnumerable<(string Stream, JsonObject Line)> lines) =>
        [.. lines.Select(l => l.Line["type"]!.GetValue<string>())];

    [Fact]
    public async Task Level_ALL_writes_every_history_event_as_AWSs_JSON_line()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Succeeds, Logging("ALL"));

        var execution = await RunAsync(env.Cloud, machine);

        var history = await env.Cloud.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryInput { ExecutionArn = execution });
        var lines = await LinesAsync(env.Cloud);
        Assert.Equal(history.Events.Select(e => e.Type), Types(lines));
        Assert.Matches(@"^states/logged/\d{4}-\d\d-\d\d-\d\d-\d\d/[0-9a-f]{8}$", Assert.Single(lines.Select(l => l.Stream).Distinct()));
        var first = lines[0].Line;
        Assert.Equal(["id", "type", "details", "previous_event_id", "event_timestamp", "execution_arn"], first.Select(p => p.Key));
        Assert.Equal(("1", "0", execution), (first["id"]!.GetValue<string>(), first["previous_event_id"]!.GetValue<string>(), first["execution_arn"]!.GetValue<string>()));
        Assert.Equal("""{"who":"ada"}""", first["details"]!["input"]!.GetValue<string>());
        Assert.Equal(Role, first["details"]!["roleArn"]!.GetValue<string>());
        var started = history.Events[0].Timestamp;
        Assert.Equal(started.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), first["event_timestamp"]!.GetValue<string>());
        Assert.Equal("""{"hello":"ada"}""", lines[^1].Line["details"]!["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task IncludeExecutionData_false_leaves_input_and_output_out()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Succeeds, Logging("ALL", includeData: false));

        await RunAsync(env.Cloud, machine);

        var lines = await LinesAsync(env.Cloud);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotContain("ada", l.Line.ToJsonString()));
        Assert.Equal(Role, lines[0].Line["details"]!["roleArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Level_ERROR_writes_only_error_events()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Fails, Logging("ERROR"));

        var execution = await RunAsync(env.Cloud, machine);

        var lines = await LinesAsync(env.Cloud);
        Assert.Equal(["FailStateEntered", "ExecutionFailed"], Types(lines));
        Assert.Equal(("Bad", "on purpose"), (lines[1].Line["details"]!["error"]!.GetValue<string>(), lines[1].Line["details"]!["cause"]!.GetValue<string>()));
        Assert.Equal(execution, lines[1].Line["execution_arn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Level_FATAL_writes_only_the_executions_failure()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Fails, Logging("FATAL"));

        await RunAsync(env.Cloud, machine);

        Assert.Equal(["ExecutionFailed"], Types(await LinesAsync(env.Cloud)));
    }

    [Fact]
    public async Task Level_ERROR_writes_nothing_for_an_execution_that_succeeds()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Succeeds, Logging("ERROR"));

        await RunAsync(env.Cloud, machine);

        Assert.Empty(await LinesAsync(env.Cloud));
    }

    [Fact]
    public async Task Level_OFF_or_no_configuration_writes_nothing()
    {
        await using var env = await StartAsync();
        var off = await CreateAsync(env.Cloud, Fails, Logging("OFF"), name: "off");
        var none = await CreateAsync(env.Cloud, Fails, null, name: "none");

        await RunAsync(env.Cloud, off);
        await RunAsync(env.Cloud, none);

        var streams = await env.Cloud.Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = Group });
        Assert.Empty(streams.LogStreams!);
    }

    [Fact]
    public async Task Each_execution_writes_its_own_stream()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Succeeds, Logging("ALL"));

        var one = await RunAsync(env.Cloud, machine);
        var two = await RunAsync(env.Cloud, machine);

        var lines = await LinesAsync(env.Cloud);
        var byStream = lines.GroupBy(l => l.Stream).ToList();
        Assert.Equal(2, byStream.Count);
        Assert.Equal(new[] { one, two }.Order(), byStream.Select(g => g.Select(l => l.Line["execution_arn"]!.GetValue<string>()).Distinct().Single()).Order());
    }

    [Fact]
    public async Task UpdateStateMachine_turns_logging_on_for_later_executions()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Fails, null);
        await RunAsync(env.Cloud, machine);

        await env.Cloud.StepFunctions.UpdateStateMachineAsync(new UpdateStateMachineInput { StateMachineArn = machine, LoggingConfiguration = Logging("FATAL") });
        await RunAsync(env.Cloud, machine);

        Assert.Equal(["ExecutionFailed"], Types(await LinesAsync(env.Cloud)));
    }

    [Fact]
    public async Task A_synchronous_express_execution_is_logged_before_it_returns()
    {
        await using var env = await StartAsync();
        var machine = await CreateAsync(env.Cloud, Succeeds, Logging("ALL"), name: "express", type: StateMachineType.Express);

        var result = await env.Cloud.StepFunctions.StartSyncExecutionAsync(new StartSyncExecutionInput { StateMachineArn = machine, Input = """{"who":"bo"}""" });

        var lines = await LinesAsync(env.Cloud);
        Assert.Equal("ExecutionStarted", Types(lines)[0]);
        Assert.Equal("ExecutionSucceeded", Types(lines)[^1]);
        Assert.All(lines, l => Assert.Equal(result.ExecutionArn, l.Line["execution_arn"]!.GetValue<string>()));
        Assert.StartsWith("states/express/", lines[0].Stream);
    }

    [Fact]
    public async Task A_log_group_that_does_not_exist_is_an_InvalidLoggingConfiguration_naming_it()
    {
        await using var env = await StartAsync(createGroup: false);

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(env.Cloud, Succeeds, Logging("ALL")));

        Assert.Equal(StepFunctionsErrorCodes.InvalidLoggingConfiguration, error.ErrorCode);
        Assert.StartsWith("Invalid Logging Configuration: Log Destination not found", error.Message);
        Assert.Contains(Group, error.Message);
        var list = await env.Cloud.StepFunctions.ListStateMachinesAsync(new ListStateMachinesInput());
        Assert.Empty(list.StateMachines);
    }

    [Fact]
    public async Task UpdateStateMachine_checks_the_destination_too()
    {
        await using var env = await StartAsync(createGroup: false);
        var machine = await CreateAsync(env.Cloud, Succeeds, null);

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            env.Cloud.StepFunctions.UpdateStateMachineAsync(new UpdateStateMachineInput { StateMachineArn = machine, LoggingConfiguration = Logging("ERROR") }));

        Assert.Equal(StepFunctionsErrorCodes.InvalidLoggingConfiguration, error.ErrorCode);
    }

    [Fact]
    public async Task A_level_other_than_OFF_needs_exactly_one_destination()
    {
        await using var env = await StartAsync();

        var none = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            CreateAsync(env.Cloud, Succeeds, new LoggingConfiguration { Level = "ALL" }));
        var two = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            CreateAsync(env.Cloud, Succeeds, Logging("ALL") with { Destinations = [.. Logging("ALL").Destinations!, .. Logging("ALL").Destinations!] }));
        var level = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(env.Cloud, Succeeds, Logging("DEBUG")));

        Assert.Equal("Invalid Logging Configuration: Must specify exactly one Log Destination.", none.Message);
        Assert.Equal(StepFunctionsErrorCodes.InvalidLoggingConfiguration, two.ErrorCode);
        Assert.Equal(StepFunctionsErrorCodes.ValidationException, level.ErrorCode);
        Assert.Contains("[ALL, ERROR, FATAL, OFF]", level.Message);
    }
}
