using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using Stepwise.Benchmarks.StepFunctions;
using Stepwise.Local;
using Stepwise.Local.StepFunctions;
using Stepwise.Local.Hosting;

// State transitions per second of Stepwise's embedded engine against aws-local-stepfunctions, the same definitions
// in the same run. A transition is a state entered (a *StateEntered event), counted the same way for both.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is [LocalServer.Argument, var serveDirectory])
    return await LocalServer.ServeAsync(serveDirectory);
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var peer = Peer.Install();
Console.WriteLine($"Stepwise engine (.NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC) vs {Peer.Package} {Peer.Version} (node {peer.NodeVersion}); {Environment.ProcessorCount} cores");
var results = new List<Measurement>();
void Report(Measurement measurement)
{
    results.Add(measurement);
    Console.WriteLine($"  {measurement.Scenario} · {measurement.Engine}: median {measurement.MedianMs:F1} ms, {measurement.MedianRate:N0} transitions/s");
}

if (options.Scenarios.Contains('a'))
{
    var scenario = $"(a) {options.ChainLength:N0}-state Pass chain";
    var chain = Definitions.PassChain(options.ChainLength);
    var input = new JsonObject { ["hello"] = "world" };
    string? Check(JsonNode? output) => output?.ToJsonString() == input.ToJsonString() ? null : $"unexpected output {output?.ToJsonString()}";
    Report(new(scenario, Peer.Package, options.ChainLength, Checked(peer.Run(chain, input, options.ChainRepeats), Check)));
    Report(new(scenario, "Stepwise WorkflowEngine + MemoryJournal", options.ChainLength,
        await InProcess.EngineAsync(chain, input, options.ChainRepeats, options.ChainLength, countedInHistory: true, Check)));
    Report(new(scenario, "Stepwise LocalStepFunctions (SQLite)", options.ChainLength,
        await InProcess.LocalAsync(chain, input, options.ChainRepeats, options.ChainLength, countedInHistory: true, Check)));
}

if (options.Scenarios.Contains('b'))
{
    var input = Definitions.ChoiceMapInput(options.MapItems);
    var transitions = 1 + 2L * options.MapItems;
    var (low, high) = Definitions.ChoiceMapExpected(options.MapItems);
    string? Check(JsonNode? output)
    {
        if (output is not JsonArray array || array.Count != options.MapItems) return $"expected {options.MapItems} results";
        var lows = array.Count(r => r?.GetValue<string>() == "low");
        var highs = array.Count(r => r?.GetValue<string>() == "high");
        return lows == low && highs == high ? null : $"expected {low} low and {high} high, got {lows} and {highs}";
    }
    foreach (var distributed in new[] { false, true })
    {
        var scenario = $"(b) Map ({(distributed ? "distributed" : "inline")}) over {options.MapItems:N0} items, Choice inside";
        var map = Definitions.ChoiceMap(distributed);
        Report(new(scenario, Peer.Package, transitions, Checked(peer.Run(map, input, options.MapRepeats), summary =>
        {
            // The harness summarizes an array as its length and a count per distinct item.
            var counts = summary?["counts"];
            var (lows, highs) = (counts?["\"low\""]?.GetValue<int>() ?? 0, counts?["\"high\""]?.GetValue<int>() ?? 0);
            return summary?["length"]?.GetValue<int>() == options.MapItems && lows == low && highs == high
                ? null : $"expected {options.MapItems} results, {low} low and {high} high, got {summary?.ToJsonString()}";
        })));
        Report(new(scenario, "Stepwise WorkflowEngine + MemoryJournal", transitions,
            await InProcess.EngineAsync(map, input, options.MapRepeats, transitions, countedInHistory: !distributed, Check),
            distributed ? null : "history cap of 25,000 events lifted"));
        if (distributed)
            Report(new(scenario, "Stepwise LocalStepFunctions (SQLite)", transitions,
                await InProcess.LocalAsync(map, input, options.MapRepeats, transitions, countedInHistory: false, Check)));
    }
}

if (options.Scenarios.Contains('c'))
{
    var scenario = $"(c) {options.HttpExecutions:N0} executions over HTTP, 3 Pass states";
    var machine = Definitions.SmallMachine();
    var transitions = (long)options.HttpExecutions * Definitions.SmallMachineStates;
    string? Check(JsonNode? output, int index) =>
        output?["index"]?.GetValue<int>() == index && output["first"]?.GetValue<int>() == 1 && output["second"]?.GetValue<int>() == 2
        && output["third"]?.GetValue<int>() == 3 ? null : $"unexpected output {output?.ToJsonString()}";

    // The peer's node server and ours in a process of its own (the headline pair, as users run `stepwise local`), and
    // ours in the benchmark's own process as well. All three are up at once: each warms up, then their timed rounds
    // alternate, so that a change in the machine's load falls on all of them alike.
    var directory = Path.Combine(Path.GetTempPath(), $"stepwise-bench-{Guid.NewGuid():N}");
    {
        using var peerServer = peer.Serve();
        using var ownProcess = LocalServer.Start();
        await using var local = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = directory });
        await using var host = await LocalCloudHost.StartAsync(local);
        (string Engine, Uri Endpoint)[] sides =
        [
            ($"{Peer.Package} (node http server)", peerServer.Uri),
            ("Stepwise LocalCloudHost + LocalStepFunctions (own process)", ownProcess.Uri),
            ("Stepwise LocalCloudHost + LocalStepFunctions (in the client's process)", host.Uri),
        ];
        var drivers = sides.Select(side => new HttpDriver(side.Endpoint, options.HttpConcurrency)).ToArray();
        var arns = new string[sides.Length];
        for (var i = 0; i < sides.Length; i++)
        {
            arns[i] = await drivers[i].CreateStateMachineAsync("bench", machine);
            var driver = drivers[i];
            var arn = arns[i];
            await Warmup.ThenTimeAsync(0, async round => (await driver.RoundAsync(arn, $"warmup{round}", options.HttpExecutions, Check)).TotalMs);
        }
        var runs = sides.Select(_ => new List<double>()).ToArray();
        var starts = sides.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < options.HttpRepeats; round++)
            for (var i = 0; i < sides.Length; i++)
            {
                var (total, start) = await drivers[i].RoundAsync(arns[i], $"round{round}", options.HttpExecutions, Check);
                runs[i].Add(total);
                starts[i].Add(start);
            }
        for (var i = 0; i < sides.Length; i++)
        {
            drivers[i].Dispose();
            Report(new Measurement(scenario, sides[i].Engine, transitions, runs[i],
                $"start phase median {starts[i].Order().ElementAt(starts[i].Count / 2):F0} ms, {options.HttpConcurrency} requests in flight"));
        }
    }
    Directory.Delete(directory, recursive: true);
}

Table.Print(results, Console.Out);
if (options.JsonOutput is { } file) File.WriteAllText(file, Table.ToJson(results).ToJsonString(new() { WriteIndented = true }));
return 0;

// The peer's last output must be right too: a fast wrong answer is no benchmark.
static IReadOnlyList<double> Checked((IReadOnlyList<double> RunsMs, JsonNode? Summary) run, Func<JsonNode?, string?> check) =>
    check(run.Summary) is { } problem ? throw new InvalidOperationException($"{Peer.Package}: {problem}") : run.RunsMs;
