using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Jsonata;
using static Stepwise.Local.Tests.Jsonata.JsonataTestJson;

namespace Stepwise.Local.Tests.Jsonata;

/// <summary>The functions AWS adds to JSONata in Step Functions.</summary>
public sealed class JsonataAwsFunctionTests
{
    static JsonNode? Eval(string expression, string input = "null") =>
        JsonataEvaluatorTests.Evaluator.Evaluate(expression, Json(input));

    static string Fails(string expression) =>
        Assert.Throws<StatesException>(() => Eval(expression)).Cause;

    [Fact]
    public void Now_and_millis_report_the_scope_instant_in_UTC()
    {
        var scope = JsonataScope.ForInput(null) with { Now = new DateTimeOffset(2024, 2, 29, 23, 59, 58, 125, TimeSpan.Zero) };
        AssertJson("""["2024-02-29T23:59:58.125Z", 1709251198125]""", JsonataEvaluatorTests.Evaluator.Evaluate("[$now(), $millis()]", scope));
    }

    [Fact]
    public void Without_an_instant_now_is_the_real_clock()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var millis = Eval("$millis()")!.GetValue<long>();
        Assert.InRange(millis, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Partition_chunks_an_array_with_a_shorter_last_chunk() =>
        AssertText("[[1,2],[3,4],[5]]", Eval("$partition([1,2,3,4,5], 2)"));

    [Fact]
    public void Partition_requires_a_positive_size() =>
        Assert.Contains("$partition function requires a positive integer size", Fails("$partition([1,2], 0)"));

    [Fact]
    public void Range_is_inclusive_with_a_step() =>
        AssertText("[[1,3,5,7,9],[5,3,1],[0,1,2]]", Eval("[[$range(1, 9, 2)], [$range(5, 1, -2)], [$range(0, 2)]]"));

    [Fact]
    public void Range_of_one_item_is_that_item_as_a_JSONata_sequence() =>
        AssertText("1", Eval("$range(1, 9, 9)"));

    [Fact]
    public void Range_is_limited_to_1000_items() =>
        Assert.Contains("at most 1000 items", Fails("$range(1, 1001, 1)"));

    [Fact]
    public void Hash_gives_lowercase_hex_digests() =>
        AssertJson("""["900150983cd24fb0d6963f7d28e17f72","a9993e364706816aba3e25717850c26c9cd0d89d","ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]""",
            Eval("""[$hash("abc", "MD5"), $hash("abc", "SHA-1"), $hash("abc", "SHA-256")]"""));

    [Fact]
    public void Hash_rejects_unknown_algorithms() =>
        Assert.Contains("does not support the algorithm 'SHA-3'", Fails("""$hash("abc", "SHA-3")"""));

    [Fact]
    public void Random_is_in_unit_interval_and_a_seed_repeats_it()
    {
        var result = Eval("[$random(), $random(42), $random(42), $random(7)]")!.AsArray();
        var values = result.Select(v => v!.GetValue<double>()).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0, 0.9999999999));
        Assert.Equal(values[1], values[2]);
        Assert.NotEqual(values[1], values[3]);
    }

    [Fact]
    public void Uuid_is_a_fresh_version_4_uuid()
    {
        var result = Eval("[$uuid(), $uuid()]")!.AsArray();
        var a = result[0]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a);
        Assert.NotEqual(a, result[1]!.GetValue<string>());
    }

    [Fact]
    public void Parse_reads_a_JSON_string() =>
        AssertText("""{"a":[1,2.5,"x"],"b":null}""", Eval("$parse(s)", """{"s":"{\"a\":[1,2.5,\"x\"],\"b\":null}"}"""));

    [Fact]
    public void Parse_of_bad_JSON_is_a_QueryEvaluationError() =>
        Assert.Contains("$parse function could not parse \"nope\"", Fails("""$parse("nope")"""));

    [Fact]
    public void Wrong_argument_types_fail_the_signature_check() =>
        Assert.Contains("T0410", Fails("""$partition([1, 2], "two")"""));
}
