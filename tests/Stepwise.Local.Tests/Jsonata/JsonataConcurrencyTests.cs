using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Jsonata;
using static Stepwise.Local.Tests.Jsonata.JsonataTestJson;

namespace Stepwise.Local.Tests.Jsonata;

public sealed class JsonataConcurrencyTests
{
    [Fact]
    public void Many_threads_evaluating_at_once_get_their_own_answers()
    {
        using var evaluator = new JsonataEvaluator(new JsonataEvaluatorOptions { MaxEngines = 3 });
        var failures = new ConcurrentBag<string>();
        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 12 }, i =>
        {
            var input = Json($$"""{"items":[{{i}},{{i + 1}},{{i + 2}}],"name":"n{{i}}"}""");
            var bindings = new Dictionary<string, JsonNode?> { ["k"] = i };
            // A few distinct expressions, so engines both compile and reuse.
            var expression = (i % 3) switch
            {
                0 => "{ \"name\": name, \"total\": $sum(items) + $k }",
                1 => "{ \"name\": name, \"total\": $sum(items.($ * 1)) + $k }",
                _ => "{ \"name\": name, \"total\": $reduce(items, function($a, $b) { $a + $b }) + $k }",
            };
            var result = evaluator.Evaluate(expression, input, bindings);
            var expected = $$"""{"name":"n{{i}}","total":{{4 * i + 3}}}""";
            if (result?.ToJsonString() != expected) failures.Add($"{i}: {result?.ToJsonString()} != {expected}");
        });
        Assert.Empty(failures);
        Assert.InRange(evaluator.EnginesCreated, 1, 3);
    }

    [Fact]
    public void Compiled_expressions_are_reused()
    {
        using var evaluator = new JsonataEvaluator(new JsonataEvaluatorOptions { MaxEngines = 1 });
        for (var i = 0; i < 5; i++)
            AssertText($"{i + 1}", evaluator.Evaluate("$ + 1", i));
        using var session = evaluator.OpenSession(JsonataScope.ForInput(null));
        Assert.Equal(1, session.Engine.Cache.Misses);
        Assert.Equal(4, session.Engine.Cache.Hits);
        Assert.Equal(1, evaluator.EnginesCreated);
    }

    [Fact]
    public void Expression_cache_is_bounded_and_drops_the_least_recently_used()
    {
        using var evaluator = new JsonataEvaluator(new JsonataEvaluatorOptions { MaxEngines = 1, ExpressionCacheSize = 2 });
        evaluator.Evaluate("1", input: null);
        evaluator.Evaluate("2", input: null);
        evaluator.Evaluate("1", input: null); // "2" is now least recently used
        evaluator.Evaluate("3", input: null); // evicts "2"
        evaluator.Evaluate("1", input: null); // hit
        evaluator.Evaluate("2", input: null); // miss again
        using var session = evaluator.OpenSession(JsonataScope.ForInput(null));
        Assert.Equal(2, session.Engine.Cache.Count);
        Assert.Equal(2, session.Engine.Cache.Hits);
        Assert.Equal(4, session.Engine.Cache.Misses);
    }

    [Fact]
    public void Options_are_validated_up_front() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonataEvaluator(new JsonataEvaluatorOptions { MaxEngines = 0 }));
}
