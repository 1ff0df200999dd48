using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Local.Hosting;
using Stepwise.Local.Testing;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>Thousands of mutated definitions, inputs, request bodies and headers sent through the HTTP host: the
/// service never fails (no 5xx, no crash) and every refusal is an AWS-shaped error.</summary>
public sealed partial class FuzzTests : IAsyncLifetime
{
    // Deterministic by default; STEPWISE_FUZZ_SEED / STEPWISE_FUZZ_CASES explore further by hand.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("STEPWISE_FUZZ_SEED"), out var seed) ? seed : 20_260_101;
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("STEPWISE_FUZZ_CASES"), out var cases) ? cases : 2_500;
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private const string SeedActivity = "arn:aws:states:us-east-1:123456789012:activity:seed-activity";

    /// <summary>The Step Functions model's error shapes, and the protocol-level one awsJson services answer for an
    /// unknown X-Amz-Target.</summary>
    private static readonly HashSet<string> ErrorTypes = [.. StepFunctionsErrorCodes.All, "UnknownOperationException", "SerializationException"];

    private LocalCloudEnvironment _environment = null!;
    private LocalCloudHost _host = null!;
    private AwsJsonClient _client = null!;

    public async Task InitializeAsync()
    {
        // Skipped time: mutated Wait and Retry fields must not make executions sleep for real. A host serving Step
        // Functions alone: on the one host a request without an AWSStepFunctions target is S3's (GET / lists buckets).
        _environment = await LocalCloudEnvironment.StartTimeSkippingAsync(new() { StartHost = false });
        _host = await LocalCloudHost.StartAsync(_environment.Cloud.StepFunctions);
        _client = new AwsJsonClient(_host.Uri);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _environment.DisposeAsync();
    }

    [Fact]
    public async Task Mutated_definitions_requests_and_headers_get_AWS_shaped_answers_and_never_a_5xx()
    {
        var mutator = new Mutator(Seed);
        var seeds = SeedDefinitions();
        var states = seeds.SelectMany(d => d["States"]!.AsObject().Select(p => p.Value!)).ToList();
        var machines = new List<string>();
        foreach (var (definition, i) in seeds.Select((d, i) => (d, i)))
            machines.Add((await _client.CallAsync("CreateStateMachine", new JsonObject { ["name"] = $"seed-{i}", ["definition"] = definition.ToJsonString(), ["roleArn"] = Role, ["publish"] = true }))["stateMachineArn"]!.GetValue<string>());
        await _client.CallAsync("CreateActivity", new JsonObject { ["name"] = "seed-activity" });
        var executions = new List<string>();
        var problems = new Dictionary<string, string>();
        var clock = Stopwatch.StartNew();

        for (var n = 0; n < Cases; n++)
        {
            var (method, target, contentType, body) = NextCase(mutator, n, seeds, states, machines, executions);
            var (status, answer) = await _client.SendAsync(method, target, contentType, body);
            if (Check(status, answer) is { } problem)
            {
                var key = $"{status} {Regex.Replace(problem, @"[0-9a-f-]{36}|\d+", "#")}";
                var request = Encoding.UTF8.GetString(body);
                problems.TryAdd(key, $"case {n}: {method} {target ?? "(no target)"} {contentType ?? "(no content type)"} → {status}: {problem}\n" +
                                     $"  request ({body.Length} bytes): {(request.Length > 600 ? request[..600] + "…" : request)}\n  answer: {(answer.Length > 400 ? answer[..400] + "…" : answer)}");
            }
            else if (status == 200 && target == "AWSStepFunctions.CreateStateMachine" && JsonNode.Parse(answer)?["stateMachineArn"] is { } created)
            {
                machines.Add(created.GetValue<string>());
            }
            else if (status == 200 && target == "AWSStepFunctions.StartExecution" && JsonNode.Parse(answer)?["executionArn"] is { } started)
            {
                executions.Add(started.GetValue<string>());
            }
        }

        // Still serving, and still answering correctly.
        var list = await _client.CallAsync("ListStateMachines", new JsonObject { ["maxResults"] = 1000 });
        Assert.NotEmpty(list["stateMachines"]!.AsArray());
        Assert.True(problems.Count == 0, $"{problems.Count} kinds of wrong answers in {Cases} cases (seed {Seed},  {clock.Elapsed.TotalSeconds:F1} s):\n\n{string.Join("\n\n", problems.Values.Take(25))}");
    }

    [Fact]
    public async Task TestState_requests_with_mocks_state_names_contexts_and_state_configurations_get_AWS_shaped_answers()
    {
        var mutator = new Mutator(Seed + 13);
        var seeds = SeedDefinitions();
        var states = seeds.SelectMany(d => d["States"]!.AsObject().Select(p => p.Value!)).ToList();
        var problems = new Dictionary<string, string>();
        var answered = new Dictionary<int, int>();
        for (var n = 0; n < Cases / 2; n++)
        {
            var request = TestStates.TestStateFuzzCases.Request(mutator, states, seeds, Role, """{"items":[1,2,3],"name":"job-1"}""");
            var body = Encoding.UTF8.GetBytes(request.ToJsonString());
            var (status, answer) = await _client.SendAsync(HttpMethod.Post, "AWSStepFunctions.TestState", AwsJsonClient.ContentType, body);
            answered[status] = answered.GetValueOrDefault(status) + 1;
            if (Check(status, answer) is { } problem)
                problems.TryAdd($"{status} {Regex.Replace(problem, @"[0-9a-f-]{36}|\d+", "#")}",
                    $"case {n} → {status}: {problem}\n  request: {request.ToJsonString()}\n  answer: {(answer.Length > 400 ? answer[..400] + "…" : answer)}");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} kinds of wrong answers:\n\n{string.Join("\n\n", problems.Values.Take(25))}");
        // Both sides of TestState are reached: runs that answer 200 and refusals that answer 400.
        Assert.True(answered.GetValueOrDefault(200) > Cases / 50 && answered.GetValueOrDefault(400) > Cases / 50, string.Join(", ", answered.Select(a => $"{a.Key}: {a.Value}")));
    }

    /// <summary>Null if the answer is acceptable; else what is wrong with it.</summary>
    private static string? Check(int status, string answer)
    {
        if (status >= 500) return $"server error {answer}";
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(answer);
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
        if (json is not JsonObject obj) return "the body is not a JSON object";
        if (status is >= 200 and < 300) return null;
        if (obj["__type"] is not JsonValue type || !type.TryGetValue<string>(out var name)) return "no __type";
        if (!ErrorTypes.Contains(name)) return $"__type '{name}' is not a Step Functions error";
        if (obj["message"] is not JsonValue message || !message.TryGetValue<string>(out _)) return "no message";
        return null;
    }

    private static readonly string[] Operations =
    [
        "CreateStateMachine", "UpdateStateMachine", "DescribeStateMachine", "ListStateMachines", "DeleteStateMachine", "ValidateStateMachineDefinition",
        "StartExecution", "StartSyncExecution", "DescribeExecution", "ListExecutions", "GetExecutionHistory", "StopExecution",
        "DescribeStateMachineForExecution", "TestState", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat", "TagResource", "UntagResource", "ListTagsForResource",
        "PublishStateMachineVersion", "ListStateMachineVersions", "DeleteStateMachineVersion", "CreateStateMachineAlias", "DescribeStateMachineAlias",
        "UpdateStateMachineAlias", "DeleteStateMachineAlias", "ListStateMachineAliases", "RedriveExecution", "DescribeMapRun", "ListMapRuns", "UpdateMapRun",
        "CreateActivity", "DescribeActivity", "DeleteActivity", "ListActivities", "GetActivityTask",
    ];

    private static (HttpMethod Method, string? Target, string? ContentType, byte[] Body) NextCase(
        Mutator m, int n, IReadOnlyList<JsonObject> seeds, IReadOnlyList<JsonNode> states, IReadOnlyList<string> machines, IReadOnlyList<string> executions)
    {
        string Definition() => m.Random.Next(8) == 0
            ? Encoding.UTF8.GetString(m.Damage(Encoding.UTF8.GetBytes(m.Pick(seeds).ToJsonString())))
            : m.Mutate(m.Pick(seeds))?.ToJsonString() ?? "null";
        string Input() => m.Random.Next(6) == 0
            ? Encoding.UTF8.GetString(m.Damage("""{"a":1,"b":[1,2],"name":"job-1","score":0.95}"""u8.ToArray()))
            : m.Mutate(new JsonObject { ["a"] = 1, ["b"] = new JsonArray(1, 2), ["name"] = "job-1", ["score"] = 0.95, ["items"] = new JsonArray(1, 2, 3) })?.ToJsonString() ?? "null";
        string Machine() => m.Pick(machines);
        string Execution() => executions.Count > 0 && m.Random.Next(4) > 0 ? m.Pick(executions) : $"arn:aws:states:us-east-1:123456789012:execution:seed-0:{m.RandomString()}";
        string Version() => $"{Machine()}:{m.Random.Next(1, 3)}";
        string Alias() => $"{Machine()}:{(m.Random.Next(2) == 0 ? "live" : m.RandomString())}";
        string Activity() => m.Random.Next(2) == 0 ? SeedActivity : $"arn:aws:states:us-east-1:123456789012:activity:{m.RandomString()}";
        JsonArray Routing() => m.Random.Next(2) == 0
            ? [new JsonObject { ["stateMachineVersionArn"] = Version(), ["weight"] = 100 }]
            : [new JsonObject { ["stateMachineVersionArn"] = Version(), ["weight"] = m.Random.Next(101) }, new JsonObject { ["stateMachineVersionArn"] = Version(), ["weight"] = m.Random.Next(101) }];

        JsonObject Valid(string operation) => operation switch
        {
            "CreateStateMachine" => new() { ["name"] = $"fuzz-{n}", ["definition"] = Definition(), ["roleArn"] = Role },
            "UpdateStateMachine" => new() { ["stateMachineArn"] = Machine(), ["definition"] = Definition() },
            "ValidateStateMachineDefinition" => new() { ["definition"] = Definition() },
            "StartExecution" => new() { ["stateMachineArn"] = Machine(), ["input"] = Input(), ["name"] = $"run-{n}" },
            "StartSyncExecution" => new() { ["stateMachineArn"] = Machine(), ["input"] = Input() },
            "TestState" => TestStates.TestStateFuzzCases.Request(m, states, seeds, Role, Input()),
            "DescribeStateMachine" or "DeleteStateMachine" or "ListExecutions" => new() { ["stateMachineArn"] = Machine() },
            "ListStateMachines" => new() { ["maxResults"] = 5 },
            "DescribeExecution" or "GetExecutionHistory" or "StopExecution" or "DescribeStateMachineForExecution" => new() { ["executionArn"] = Execution() },
            "SendTaskSuccess" => new() { ["taskToken"] = m.RandomString(), ["output"] = Input() },
            "SendTaskFailure" or "SendTaskHeartbeat" => new() { ["taskToken"] = m.RandomString() },
            "TagResource" => new() { ["resourceArn"] = Machine(), ["tags"] = new JsonArray(new JsonObject { ["key"] = m.RandomString(), ["value"] = m.RandomString() }) },
            "UntagResource" => new() { ["resourceArn"] = Machine(), ["tagKeys"] = new JsonArray(m.RandomString()) },
            "PublishStateMachineVersion" => new() { ["stateMachineArn"] = Machine(), ["description"] = m.RandomString() },
            "ListStateMachineVersions" or "ListStateMachineAliases" => new() { ["stateMachineArn"] = m.Random.Next(3) == 0 ? Version() : Machine(), ["maxResults"] = 2 },
            "DeleteStateMachineVersion" => new() { ["stateMachineVersionArn"] = Version() },
            "CreateStateMachineAlias" => new() { ["name"] = m.Random.Next(2) == 0 ? "live" : $"alias-{n}", ["description"] = m.RandomString(), ["routingConfiguration"] = Routing() },
            "UpdateStateMachineAlias" => new() { ["stateMachineAliasArn"] = Alias(), ["routingConfiguration"] = Routing() },
            "DescribeStateMachineAlias" or "DeleteStateMachineAlias" => new() { ["stateMachineAliasArn"] = Alias() },
            "RedriveExecution" => new() { ["executionArn"] = Execution(), ["clientToken"] = m.RandomString() },
            "ListMapRuns" => new() { ["executionArn"] = Execution() },
            "DescribeMapRun" => new() { ["mapRunArn"] = $"arn:aws:states:us-east-1:123456789012:mapRun:seed-0/M:{Guid.NewGuid()}" },
            "UpdateMapRun" => new() { ["mapRunArn"] = $"arn:aws:states:us-east-1:123456789012:mapRun:seed-0/M:{Guid.NewGuid()}", ["maxConcurrency"] = m.Random.Next(-1, 20), ["toleratedFailurePercentage"] = m.Random.Next(-5, 110) },
            "CreateActivity" => new() { ["name"] = $"fuzz-activity-{n}" },
            "DescribeActivity" or "DeleteActivity" => new() { ["activityArn"] = Activity() },
            "ListActivities" => new() { ["maxResults"] = 3 },
            // Never the seed activity: with no task scheduled, a poll waits 60 s on the skipped clock.
            "GetActivityTask" => new() { ["activityArn"] = $"arn:aws:states:us-east-1:123456789012:activity:{m.RandomString()}", ["workerName"] = m.RandomString() },
            _ => new() { ["resourceArn"] = Machine() },
        };

        var post = HttpMethod.Post;
        const string json = AwsJsonClient.ContentType;
        switch (n % 10)
        {
            case 0 or 1 or 2:
            {
                // The four operations that take definitions and inputs, with well-formed requests around them.
                var operation = m.Pick(new[] { "CreateStateMachine", "ValidateStateMachineDefinition", "StartExecution", "TestState", "UpdateStateMachine", "StartSyncExecution" });
                return (post, $"AWSStepFunctions.{operation}", json, Encoding.UTF8.GetBytes(Valid(operation).ToJsonString()));
            }
            case 3 or 4 or 5:
            {
                // Any operation, its request's shape mutated: missing members, wrong types, huge numbers, unknown keys.
                var operation = m.Pick(Operations);
                return (post, $"AWSStepFunctions.{operation}", json, Encoding.UTF8.GetBytes(m.Mutate(Valid(operation))?.ToJsonString() ?? "null"));
            }
            case 6 or 7:
            {
                var operation = m.Pick(Operations);
                return (post, $"AWSStepFunctions.{operation}", json, m.Damage(Encoding.UTF8.GetBytes(Valid(operation).ToJsonString())));
            }
            default:
            {
                var operation = m.Pick(Operations);
                var target = m.Random.Next(7) switch
                {
                    0 => null,
                    1 => "",
                    2 => operation,
                    3 => $"AWSStepFunctions.{operation.ToLowerInvariant()}",
                    4 => $"AWSStepFunctions.{m.AsciiString()}",
                    5 => $"{m.AsciiString()}.{operation}",
                    _ => $"AWSStepFunctions.{operation}",
                };
                var contentType = m.Pick(new[] { null, json, "application/json", "text/plain", "application/x-amz-json-1.1", "multipart/form-data; boundary=x", "garbage" });
                var method = m.Pick(new[] { HttpMethod.Post, HttpMethod.Post, HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch });
                return (method, target, contentType, Encoding.UTF8.GetBytes(Valid(operation).ToJsonString()));
            }
        }
    }

    /// <summary>Valid definitions to start from: a few of our own, plus the authoring SDK's sample definitions when
    /// their source is in the checkout.</summary>
    private static List<JsonObject> SeedDefinitions()
    {
        var seeds = new List<string>
        {
            """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"$.a","f.$":"States.Format('v{}', $.name)"},"ResultPath":"$.p","Next":"B"},"B":{"Type":"Choice","Choices":[{"Variable":"$.score","NumericGreaterThan":0.5,"Next":"W"}],"Default":"F"},"W":{"Type":"Wait","Seconds":5,"Next":"S"},"S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"E","Cause":"c"}}}""",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value"},"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"ResultSelector":{"n.$":"States.ArrayLength($)"},"Next":"Par"},"Par":{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","Result":1,"End":true}}},{"StartAt":"Y","States":{"Y":{"Type":"Wait","SecondsPath":"$.n","End":true}}}],"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2,"IntervalSeconds":1}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done","ResultPath":"$.error"}],"Next":"Done"},"Done":{"Type":"Pass","End":true}}}""",
            """{"QueryLanguage":"JSONata","StartAt":"J","States":{"J":{"Type":"Pass","Output":{"sum":"{% $sum($states.input.b) %}","name":"{% $uppercase($states.input.name) %}"},"Assign":{"total":"{% $states.input.a + 1 %}"},"Next":"C"},"C":{"Type":"Choice","Choices":[{"Condition":"{% $total > 1 %}","Next":"T"}],"Default":"T"},"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"nope","Payload":"{% $states.input %}"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"End","Output":"{% $states.errorOutput %}"}],"End":true},"End":{"Type":"Succeed"}}}""",
            """{"StartAt":"Task","TimeoutSeconds":60,"States":{"Task":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"f","Payload":{"token.$":"$$.Task.Token"}},"HeartbeatSeconds":5,"TimeoutSeconds":10,"Next":"Vars"},"Vars":{"Type":"Pass","Assign":{"x.$":"$.a"},"Parameters":{"y.$":"$x"},"End":true}}}""",
        };
        var root = TestRepository.TryFindRoot();
        var samples = root is null ? null : Path.Combine(root, "tests", "Stepwise.Workflows.Tests", "Samples", "Definitions.cs");
        if (samples is not null && File.Exists(samples))
            seeds.AddRange(RawStrings().Matches(File.ReadAllText(samples)).Select(match => match.Groups[1].Value));
        var parsed = new List<JsonObject>();
        foreach (var seed in seeds)
        {
            try
            {
                if (JsonNode.Parse(seed) is JsonObject { } definition && definition["States"] is JsonObject && StateMachineIsValid(seed)) parsed.Add(definition);
            }
            catch (JsonException)
            {
                // Not a complete definition (a fragment of a sample): not a seed.
            }
        }
        return parsed;
    }

    private static bool StateMachineIsValid(string definition) =>
        !Workflows.Asl.StateMachine.Validate(definition).Diagnostics.Any(d => d.Severity == Workflows.Validation.DiagnosticSeverity.Error);

    [GeneratedRegex("\"\"\"\\s*\\n(.*?)\\n\\s*\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawStrings();
}
