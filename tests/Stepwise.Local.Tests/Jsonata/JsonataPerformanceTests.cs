using System.Diagnostics;
using System.Text.Json.Nodes;
using Jint;
using Stepwise.Local.StepFunctions.Jsonata;
using Xunit.Abstractions;
using static Stepwise.Local.Tests.Jsonata.JsonataTestJson;

namespace Stepwise.Local.Tests.Jsonata;

/// <summary>Measurements behind the design (parse once, pool engines, cache compiled expressions). Bounds are loose,
/// for a shared 2-core machine; the printed numbers are the point (dotnet test --logger "console;verbosity=detailed").</summary>
[Collection(nameof(JsonataPerformanceTests))]
public sealed class JsonataPerformanceTests(ITestOutputHelper output)
{
    static readonly JsonataScope Scope = new()
    {
        Input = Json("""{"items":[{"price":1.5,"qty":4},{"price":12,"qty":1},{"price":30,"qty":2}],"customer":{"id":"c-1"}}"""),
        Variables = new Dictionary<string, JsonNode?> { ["discount"] = 0.1 },
    };

    [Fact]
    public void Cold_load_and_cached_evaluation_times()
    {
        var source = JsonataLibrary.ReadSource();
        var parse = Stopwatch.StartNew();
        Engine.PrepareScript(source, "jsonata.js");
        parse.Stop();

        _ = JsonataLibrary.Jsonata; // the process-wide parse, normally paid by the first engine
        var options = new JsonataEvaluatorOptions { MaxEngines = 1 };
        var engine = Stopwatch.StartNew();
        _ = new JsonataEngine(options);
        engine.Stop();

        using var evaluator = new JsonataEvaluator(options);
        const string expression = "$sum($states.input.items.(price * qty)) * (1 - $discount)";
        var first = Stopwatch.StartNew();
        AssertText("70.2", evaluator.Evaluate(expression, Scope));
        first.Stop();

        const int n = 2000;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var cached = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) evaluator.Evaluate(expression, Scope);
        cached.Stop();
        var cpuCached = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        using var uncachedEvaluator = new JsonataEvaluator(options with { ExpressionCacheSize = 0 });
        uncachedEvaluator.Evaluate(expression, Scope);
        var uncached = Stopwatch.StartNew();
        for (var i = 0; i < n / 10; i++) uncachedEvaluator.Evaluate(expression, Scope);
        uncached.Stop();

        var compile = Stopwatch.StartNew();
        for (var i = 0; i < n / 10; i++) evaluator.Check($"$sum($states.input.items.(price * qty)) * (1 - $discount) + {i}");
        compile.Stop();

        var template = Json("""{"customer":"{% $states.input.customer.id %}","total":"{% $sum($states.input.items.(price * qty)) %}","count":"{% $count($states.input.items) %}","big":"{% $states.input.items[price > 10].price %}","fixed":"literal"}""");
        JsonataTemplate.Evaluate(template, Scope, evaluator: evaluator);
        var templates = Stopwatch.StartNew();
        for (var i = 0; i < n / 4; i++) JsonataTemplate.Evaluate(template, Scope, evaluator: evaluator);
        templates.Stop();

        var perCached = cached.Elapsed.TotalMilliseconds / n;
        var perUncached = uncached.Elapsed.TotalMilliseconds / (n / 10);
        var perTemplate = templates.Elapsed.TotalMilliseconds / (n / 4);
        output.WriteLine($"parse jsonata.js (once per process): {parse.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine($"new engine from parsed script:       {engine.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine($"first evaluate on a new evaluator:   {first.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine($"evaluate, compiled expression cached: {perCached * 1000:F0} µs wall, {cpuCached.TotalMilliseconds * 1000 / n:F0} µs CPU (machine load {LoadAverage()})");
        output.WriteLine($"evaluate, compiling every time:       {perUncached * 1000:F0} µs");
        output.WriteLine($"compile only (what the cache saves):  {compile.Elapsed.TotalMilliseconds * 1000 / (n / 10):F0} µs");
        output.WriteLine($"template with 4 expressions:          {perTemplate * 1000:F0} µs");

        // Loose: wall time on a shared machine varies tenfold; this only catches a pathological regression.
        Assert.InRange(perCached, 0, 50);
    }

    /// <summary>The 1-minute load average, since the numbers mean little on a saturated machine.</summary>
    static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] + $" on {Environment.ProcessorCount} cores" : "unknown";
}

/// <summary>Runs the measurements alone, not beside the other test classes.</summary>
[CollectionDefinition(nameof(JsonataPerformanceTests), DisableParallelization = true)]
public sealed class JsonataPerformanceCollection;
