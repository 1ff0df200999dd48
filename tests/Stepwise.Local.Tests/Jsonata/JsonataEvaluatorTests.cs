using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Jsonata;
using static Stepwise.Local.Tests.Jsonata.JsonataTestJson;

namespace Stepwise.Local.Tests.Jsonata;

public sealed class JsonataEvaluatorTests
{
    internal static readonly JsonataEvaluator Evaluator = new(new JsonataEvaluatorOptions { MaxEngines = 2 });

    const string Order = """{"items":[{"name":"pen","price":1.5,"qty":4},{"name":"book","price":12,"qty":1},{"name":"lamp","price":30,"qty":2}]}""";

    static JsonNode? Eval(string expression, string input = "null", IReadOnlyDictionary<string, JsonNode?>? bindings = null) =>
        Evaluator.Evaluate(expression, Json(input), bindings);

    static StatesException EvalFails(string expression, string input = "null") =>
        Assert.Throws<StatesException>(() => Eval(expression, input));

    [Fact]
    public void Path_navigation_reads_nested_fields_and_array_items() =>
        AssertJson("""["b", 2, 3]""", Eval("[a.b, c[1], c[-1]]", """{"a":{"b":"b"},"c":[1,2,3]}"""));

    [Fact]
    public void Path_navigation_maps_over_arrays() =>
        AssertJson("""["pen","book","lamp"]""", Eval("items.name", Order));

    [Fact]
    public void Arithmetic_follows_JSONata() =>
        AssertText("""{"sum":7,"div":2.5,"mod":1,"neg":-3,"pow":1024}""",
            Eval("""{"sum": 3 + 4, "div": 5 / 2, "mod": 7 % 3, "neg": -x, "pow": $power(2, 10)}""", """{"x":3}"""));

    [Fact]
    public void String_functions_and_concatenation() =>
        AssertJson("""["ADA-Ad", "a,b,c", "x", "y", 3, "  padded"]""", // an array constructor flattens the array $split returns
            Eval("""[$uppercase(n) & "-" & $substring(n, 0, 2), $join(["a","b","c"], ","), $split("x;y", ";"), $length(n), $pad("padded", -8)]""",
                """{"n":"Ada"}"""));

    [Fact]
    public void Sum_of_mapped_products() =>
        AssertText("78", Eval("$sum(items.(price * qty))", Order));

    [Fact]
    public void Filter_predicates_select_items() =>
        AssertJson("""["book","lamp"]""", Eval("items[price > 10].name", Order));

    [Fact]
    public void Object_constructor_groups_by_key() =>
        AssertText("""{"pen":1.5,"book":12,"lamp":30}""", Eval("items{name: price}", Order));

    [Fact]
    public void Higher_order_functions_and_lambdas() =>
        AssertJson("""[2,4,6]""", Eval("$map([1,2,3], function($v) { $v * 2 })"));

    [Fact]
    public void Recursive_user_functions_work() =>
        AssertText("3628800", Eval("($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))"));

    [Fact]
    public void Object_key_order_is_preserved() =>
        AssertText("""{"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"c":2}]}""", Eval("$", """{"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"c":2}]}"""));

    [Fact]
    public void Constructed_object_keeps_written_order() =>
        AssertText("""{"zeta":1,"alpha":2,"mid":3}""", Eval("""{"zeta": 1, "alpha": 2, "mid": 3}"""));

    [Fact]
    public void Integral_numbers_round_trip_as_integers() =>
        AssertText("""[5,1.5,42,-7,0,100000000000000000000,0.1,9007199254740992,1E+21]""", // numbers are doubles, as in JavaScript
            Eval("[2.5 * 2, 1.5, $, -7, -0, 1e20, 0.1, 9007199254740993, 1e21]", "42"));

    [Fact]
    public void Numbers_built_in_code_are_read_whatever_their_CLR_type()
    {
        var bindings = new Dictionary<string, JsonNode?>
        {
            ["i"] = JsonValue.Create(3), ["l"] = JsonValue.Create(4L), ["d"] = JsonValue.Create(0.5), ["m"] = JsonValue.Create(1.25m),
        };
        AssertText("8.75", Eval("$i + $l + $d + $m", bindings: bindings));
    }

    [Fact]
    public void Strings_booleans_and_null_convert_exactly()
    {
        var result = Eval("[s, t, f, n]", """{"s":"é\"\n😀","t":true,"f":false,"n":null}""")!.AsArray();
        Assert.Equal("é\"\n😀", result[0]!.GetValue<string>());
        AssertText("[true,false,null]", new JsonArray(result[1]!.DeepClone(), result[2]!.DeepClone(), null));
        Assert.Null(result[3]);
        Assert.Equal(4, result.Count);
    }

    [Fact]
    public void Bindings_become_dollar_variables()
    {
        var bindings = new Dictionary<string, JsonNode?> { ["x"] = 2, ["$y"] = Json("""{"z":[10,20]}""") };
        AssertText("22", Eval("$x + $y.z[1]", bindings: bindings));
    }

    [Fact]
    public void Undefined_is_distinct_from_null()
    {
        Assert.False(Evaluator.TryEvaluate("missing", Json("""{"a":1}"""), null, out var undefinedResult));
        Assert.Null(undefinedResult);
        Assert.True(Evaluator.TryEvaluate("a", Json("""{"a":null}"""), null, out var nullResult));
        Assert.Null(nullResult);
    }

    [Fact]
    public void Undefined_and_functions_are_dropped_from_objects_and_become_null_in_arrays()
    {
        AssertText("""{"a":1}""", Eval("""{"a": 1, "b": missing, "f": function($x) { $x }}"""));
        AssertText("""[1,null]""", Eval("""[1, $uppercase]"""));
        Assert.False(Evaluator.TryEvaluate("$uppercase", null, null, out _));
    }

    [Fact]
    public void Array_input_is_one_value_not_a_sequence() =>
        AssertText("[3,4]", Eval("$[[1]]", "[[1,2],[3,4]]"));

    [Fact]
    public void Syntax_error_is_a_QueryEvaluationError_naming_the_expression()
    {
        var e = EvalFails("items[price >");
        Assert.Equal(StatesErrors.QueryEvaluationError, e.Error);
        Assert.StartsWith("The JSONata expression 'items[price >' is invalid: ", e.Cause);
        Assert.Contains("S0", e.Cause);
        Assert.IsType<JsonataSyntaxException>(e.InnerException);
    }

    [Fact]
    public void Check_throws_FormatException_with_code_and_position()
    {
        var e = Assert.Throws<JsonataSyntaxException>(() => Evaluator.Check("1 + )"));
        Assert.IsAssignableFrom<FormatException>(e);
        Assert.Equal("S0211", e.Code);
        Assert.Equal(5, e.Position);
        Assert.Equal(")", e.Token);
        Assert.Contains("'1 + )'", e.Message);
        Evaluator.Check("$sum(items.price)");
    }

    [Fact]
    public void Runtime_error_carries_JSONata_code_and_message()
    {
        var e = EvalFails("""$number("x")""");
        Assert.Equal(StatesErrors.QueryEvaluationError, e.Error);
        Assert.Equal("""An error occurred while evaluating the expression '$number("x")': Unable to cast value to a number: "x" (D3030, position 8, token 'number')""", e.Cause);
    }

    [Fact]
    public void Type_error_is_a_QueryEvaluationError()
    {
        var e = EvalFails("""a + 1""", """{"a":"text"}""");
        Assert.Contains("T2001", e.Cause);
    }

    [Fact]
    public void Runaway_recursion_is_an_error_not_a_crash()
    {
        var e = EvalFails("($f := function($n) { $f($n + 1) + 1 }; $f(0))");
        Assert.Equal(StatesErrors.QueryEvaluationError, e.Error);
        Assert.Contains("D1011", e.Cause);
        AssertText("2", Eval("1 + 1")); // the evaluator still works
    }

    [Fact]
    public void Long_evaluation_times_out()
    {
        using var quick = new JsonataEvaluator(new JsonataEvaluatorOptions { MaxEngines = 1, Timeout = TimeSpan.FromMilliseconds(50) });
        var e = Assert.Throws<StatesException>(() => quick.Evaluate("$sum($map([1..1000000], function($v) { $v * 2 }))", input: null));
        Assert.Contains("D1012", e.Cause);
    }

    [Fact]
    public void Eval_is_not_supported()
    {
        var e = EvalFails("""$eval("1 + 1")""");
        Assert.Contains("The $eval function is not supported in Step Functions.", e.Cause);
    }

    [Fact]
    public void Non_finite_results_are_errors()
    {
        var e = EvalFails("1 / 0");
        Assert.Contains("D1001", e.Cause);
    }
}
