using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Mocks;

/// <summary>Mocked service integrations in Step Functions Local's mock-config format: per state machine (by name), test
/// cases that map Task state names to mocked responses. Start an execution on <c>stateMachineArn#TestCase</c> to run one.
/// Immutable: <see cref="With"/> returns a new configuration.</summary>
public sealed class MockConfig
{
    /// <summary>The environment variable Step Functions Local reads the file's path from.</summary>
    public const string EnvironmentVariable = "SFN_MOCK_CONFIG";

    private readonly ImmutableDictionary<string, ImmutableDictionary<string, MockTestCase>> _machines;

    private MockConfig(ImmutableDictionary<string, ImmutableDictionary<string, MockTestCase>> machines) => _machines = machines;

    /// <summary>No mocks.</summary>
    public static MockConfig Empty { get; } = new(ImmutableDictionary.Create<string, ImmutableDictionary<string, MockTestCase>>(StringComparer.Ordinal));

    /// <summary>The state machine names that have test cases.</summary>
    public IEnumerable<string> StateMachines => _machines.Keys;

    /// <summary>The test cases of a state machine (by name), empty when it has none.</summary>
    public IReadOnlyDictionary<string, MockTestCase> TestCases(string stateMachineName) =>
        _machines.GetValueOrDefault(stateMachineName) ?? ImmutableDictionary<string, MockTestCase>.Empty;

    /// <summary>This configuration with <paramref name="stateName"/> of the test case mocked by <paramref name="response"/>.</summary>
    public MockConfig With(string stateMachineName, string testCase, string stateName, MockedResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateMachineName);
        ArgumentException.ThrowIfNullOrEmpty(testCase);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Attempts.IsEmpty) throw new ArgumentException("A mocked response needs at least one attempt.", nameof(response));
        var cases = _machines.GetValueOrDefault(stateMachineName) ?? ImmutableDictionary.Create<string, MockTestCase>(StringComparer.Ordinal);
        var existing = cases.GetValueOrDefault(testCase) ?? new MockTestCase(testCase, ImmutableDictionary.Create<string, MockedResponse>(StringComparer.Ordinal));
        return new(_machines.SetItem(stateMachineName, cases.SetItem(testCase, existing.With(stateName, response))));
    }

    /// <summary>Reads a mock configuration file; refuses a malformed one with the JSON path of the problem.</summary>
    public static MockConfig Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The file <c>SFN_MOCK_CONFIG</c> names, or null when it is not set.</summary>
    public static MockConfig? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? Load(path) : null;

    /// <summary>Parses the mock-config JSON; refuses a malformed one with the JSON path of the problem.</summary>
    public static MockConfig Parse(string json)
    {
        JsonNode? root;
        try
        {
            // A repeated key (two "0" attempts) is refused, not silently last-wins.
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException error)
        {
            throw new MockConfigException(error.Path is { Length: > 0 } path ? path : "$", $"not valid JSON: {error.Message}");
        }
        var top = Object(root, "$", "the mock configuration is a JSON object");
        Only(top, "$", "StateMachines", "MockedResponses");

        var responses = new Dictionary<string, MockedResponse>(StringComparer.Ordinal);
        if (top["MockedResponses"] is { } responsesNode)
            foreach (var (name, node) in Object(responsesNode, "$.MockedResponses", "MockedResponses is an object of named mocked responses"))
                responses[name] = ParseResponse(node, $"$.MockedResponses.{name}");

        var config = Empty;
        if (top["StateMachines"] is { } machinesNode)
            foreach (var (machine, machineNode) in Object(machinesNode, "$.StateMachines", "StateMachines is an object keyed by state machine name"))
            {
                var machinePath = $"$.StateMachines.{machine}";
                var machineObject = Object(machineNode, machinePath, "a state machine entry is an object with TestCases");
                Only(machineObject, machinePath, "TestCases");
                var casesNode = machineObject["TestCases"] ?? throw new MockConfigException(machinePath, "a state machine entry has TestCases");
                foreach (var (testCase, caseNode) in Object(casesNode, $"{machinePath}.TestCases", "TestCases is an object keyed by test case name"))
                {
                    var casePath = $"{machinePath}.TestCases.{testCase}";
                    var states = Object(caseNode, casePath, "a test case is an object mapping state names to mocked response names");
                    if (states.Count == 0)
                        config = config.WithEmptyCase(machine, testCase);
                    foreach (var (state, responseName) in states)
                    {
                        var statePath = $"{casePath}.{state}";
                        var name = String(responseName, statePath, "a test case maps a state name to the name of a mocked response");
                        if (!responses.TryGetValue(name, out var response))
                            throw new MockConfigException(statePath, $"the mocked response '{name}' is not defined in MockedResponses");
                        config = config.With(machine, testCase, state, response);
                    }
                }
            }
        return config;
    }

    private MockConfig WithEmptyCase(string machine, string testCase)
    {
        var cases = _machines.GetValueOrDefault(machine) ?? ImmutableDictionary.Create<string, MockTestCase>(StringComparer.Ordinal);
        return new(_machines.SetItem(machine, cases.SetItem(testCase, new MockTestCase(testCase, ImmutableDictionary.Create<string, MockedResponse>(StringComparer.Ordinal)))));
    }

    private static MockedResponse ParseResponse(JsonNode? node, string path)
    {
        var attempts = Object(node, path, "a mocked response is an object keyed by attempt number (\"0\") or range (\"1-2\")");
        if (attempts.Count == 0) throw new MockConfigException(path, "a mocked response defines at least attempt \"0\"");
        var ranges = new List<(int From, int To, MockedAttempt Attempt)>();
        foreach (var (key, value) in attempts)
        {
            var attemptPath = $"{path}.{key}";
            var (from, to) = Range(key, attemptPath);
            ranges.Add((from, to, ParseAttempt(value, attemptPath)));
        }
        ranges.Sort((a, b) => a.From.CompareTo(b.From));
        var expected = 0;
        foreach (var (from, to, _) in ranges)
        {
            var key = from == to ? $"{from}" : $"{from}-{to}";
            if (from != expected)
                throw new MockConfigException($"{path}.{key}", from < expected
                    ? $"attempt {from} is defined twice"
                    : $"attempts are consecutive from 0, but attempt {expected} is missing");
            expected = to + 1;
        }
        return MockedResponse.Of(ranges.SelectMany(r => Enumerable.Repeat(r.Attempt, r.To - r.From + 1)));
    }

    private static (int From, int To) Range(string key, string path)
    {
        static bool Number(string text, out int value) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && text.Length > 0 && value < 100_000;
        var dash = key.IndexOf('-');
        if (dash < 0 && Number(key, out var single)) return (single, single);
        if (dash > 0 && Number(key[..dash], out var from) && Number(key[(dash + 1)..], out var to))
            return from <= to ? (from, to) : throw new MockConfigException(path, $"the range '{key}' ends before it starts");
        throw new MockConfigException(path, $"'{key}' is not an attempt number (\"0\") or range (\"1-2\")");
    }

    private static MockedAttempt ParseAttempt(JsonNode? node, string path)
    {
        var attempt = Object(node, path, "an attempt is an object with Return or Throw");
        Only(attempt, path, "Return", "Throw");
        var hasReturn = attempt.ContainsKey("Return");
        var hasThrow = attempt.ContainsKey("Throw");
        if (hasReturn && hasThrow) throw new MockConfigException(path, "a mocked response has Return or Throw, not both");
        if (hasReturn) return MockedAttempt.Return(attempt["Return"]?.DeepClone());
        if (!hasThrow) throw new MockConfigException(path, "a mocked response has Return or Throw");
        var throwPath = $"{path}.Throw";
        var error = Object(attempt["Throw"], throwPath, "Throw is an object with Error and Cause");
        Only(error, throwPath, "Error", "Cause");
        var name = String(error["Error"] ?? throw new MockConfigException(throwPath, "Throw has an Error"), $"{throwPath}.Error", "Error is a string");
        var cause = error["Cause"] is { } causeNode ? String(causeNode, $"{throwPath}.Cause", "Cause is a string") : null;
        return MockedAttempt.Throw(name, cause);
    }

    private static JsonObject Object(JsonNode? node, string path, string expectation) =>
        node as JsonObject ?? throw new MockConfigException(path, expectation);

    private static string String(JsonNode? node, string path, string expectation) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new MockConfigException(path, expectation);

    private static void Only(JsonObject obj, string path, params string[] fields)
    {
        foreach (var (key, _) in obj)
            if (!fields.Contains(key, StringComparer.Ordinal))
                throw new MockConfigException($"{path}.{key}", $"unknown field; expected {string.Join(" or ", fields)}");
    }
}
