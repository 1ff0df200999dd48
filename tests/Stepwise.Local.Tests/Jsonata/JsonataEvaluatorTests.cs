using System.Text.Json.Nodes;
using Stepwise.Local.Jsonata;

namespace Stepwise.Local.Tests.Jsonata;

public sealed class JsonataEvaluatorTests
{
    static readonly JsonataEvaluator Evaluator = new(new JsonataEvaluatorOptions { MaxEngines = 4 });

    static JsonNode? Json(string json) => JsonNode.Parse(json);

    static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(Json(expected), actual), $"expected {expected}, got {actual?.ToJsonString() ?? "null"}");

    static JsonNode? Eval(string expression, string input = "null", IReadOnlyDictionary<string, JsonNode?>? bindings = null) =>
        Evaluator.Evaluate(expression, Json(input), bindings);

    [Fact]
    public void Path_navigation_reads_nested_fields_and_array_items() =>
        AssertJson("""["b", 2]""", Eval("[a.b, c[1]]", """{"a":{"b":"b"},"c":[1,2,3]}"""));

    [Fact]
    public void Arithmetic_follows_JSONata() =>
        AssertJson("""{"sum":7,"div":2.5,"mod":1,"neg":-3}""", Eval("""{"sum": 3 + 4, "div": 5 / 2, "mod": 7 % 3, "neg": -x}""", """{"x":3}"""));
}
