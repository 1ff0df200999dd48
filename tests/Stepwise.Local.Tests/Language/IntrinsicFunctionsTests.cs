using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Language;

namespace Stepwise.Local.Tests.Language;

public class IntrinsicFunctionsTests
{
    private const string Input = """
        {
          "name": "Arnav",
          "inputArray": [1,2,3,4,5,6,7,8,9],
          "Data": "input data",
          "Algorithm": "SHA-1",
          "json1": { "a": { "a1": 1, "a2": 2 }, "b": 2 },
          "json2": { "a": { "a3": 1, "a4": 2 }, "c": 3 },
          "x": { "n": [1, "two", null], "s": "q\"uote" },
          "dupes": [1,2,3,3,3,3,3,3,4, "a", "a", {"k":1}, {"k":1.0}],
          "input": "This.is+a,test=string",
          "splitter": ".+,=",
          "value1": 111,
          "step": -1,
          "start": 1,
          "end": 999,
          "text": "Data to encode",
          "base64": "RGF0YSB0byBlbmNvZGU="
        }
        """;

    private static JsonNode? Run(string call, string input = Input)
    {
        var scope = new PathScope(
            JsonNode.Parse(input),
            JsonNode.Parse("""{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:M:run-1"}}"""),
            new Dictionary<string, JsonNode?> { ["greeting"] = JsonValue.Create("Hello"), ["limits"] = JsonNode.Parse("""{"max":3}""") });
        return IntrinsicFunctions.Evaluate(call, scope);
    }

    private static StatesException Fails(string call, string input = Input)
    {
        var error = Assert.Throws<StatesException>(() => Run(call, input));
        Assert.Equal(StatesErrors.IntrinsicFailure, error.Error);
        return error;
    }

    [Theory]
    [InlineData("States.Format('Hello, my name is {}.', $.name)", "\"Hello, my name is Arnav.\"")]
    [InlineData("States.Format('{} {} {} {}', 1, 2.50, true, null)", "\"1 2.50 true null\"")]
    [InlineData("States.Format('No placeholders')", "\"No placeholders\"")]
    [InlineData("States.Format('Escaped \\{\\} and {} and \\'quotes\\' and \\\\', 'x')", "\"Escaped {} and x and 'quotes' and \\\\\"")]
    [InlineData("States.Format('{}, {}', $greeting, $$.Execution.Id)", "\"Hello, arn:aws:states:us-east-1:123456789012:execution:M:run-1\"")]
    [InlineData("States.StringToJson('{\"number\": 20}')", "{\"number\":20}")]
    [InlineData("States.StringToJson('')", "null")]
    [InlineData("States.StringToJson('   ')", "null")]
    [InlineData("States.Format('{}', $.json1)", "\"{a={a1=1, a2=2}, b=2}\"")]
    [InlineData("States.Format('{} {}', $.x, States.Array())", "\"{n=[1, two, null], s=q\\\"uote} []\"")]
    [InlineData("States.JsonToString($.x)", "\"{\\\"n\\\":[1,\\\"two\\\",null],\\\"s\\\":\\\"q\\\\\\\"uote\\\"}\"")]
    [InlineData("States.JsonToString(States.Array('é<&>'))", "\"[\\\"é<&>\\\"]\"")]
    [InlineData("States.StringToJson(States.JsonToString($.x))", "{\"n\":[1,\"two\",null],\"s\":\"q\\\"uote\"}")]
    [InlineData("States.Array('Foo', 2020, $.x.n, null, true)", "[\"Foo\",2020,[1,\"two\",null],null,true]")]
    [InlineData("States.Array()", "[]")]
    [InlineData("States.ArrayPartition($.inputArray,4)", "[[1,2,3,4],[5,6,7,8],[9]]")]
    [InlineData("States.ArrayPartition($.inputArray, 9)", "[[1,2,3,4,5,6,7,8,9]]")]
    [InlineData("States.ArrayPartition(States.Array(), 2)", "[]")]
    [InlineData("States.ArrayContains($.inputArray, 5)", "true")]
    [InlineData("States.ArrayContains($.inputArray, 5.0)", "true")]
    [InlineData("States.ArrayContains($.inputArray, '5')", "false")]
    [InlineData("States.ArrayContains($.dupes, $.json1.b)", "true")]
    [InlineData("States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]")]
    [InlineData("States.ArrayRange(10, 0, -5)", "[10,5,0]")]
    [InlineData("States.ArrayRange(1, 0, 1)", "[]")]
    [InlineData("States.ArrayRange(1, 1000, 1)", null)]
    [InlineData("States.ArrayGetItem($.inputArray, 5)", "6")]
    [InlineData("States.ArrayGetItem($.x.n, 2)", "null")]
    [InlineData("States.ArrayLength($.inputArray)", "9")]
    [InlineData("States.ArrayUnique($.dupes)", "[1,2,3,4,\"a\",{\"k\":1}]")]
    [InlineData("States.Base64Encode($.text)", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode($.base64)", "\"Data to encode\"")]
    [InlineData("States.Base64Decode(States.Base64Encode('héllo ✓'))", "\"héllo ✓\"")]
    [InlineData("States.Hash($.Data, $.Algorithm)", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.Hash('input data', 'MD5')", "\"812f45842bc6d66ee14572ce20db8e86\"")]
    [InlineData("States.Hash('input data', 'SHA-256')", "\"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3\"")]
    [InlineData("States.Hash('input data', 'SHA-384')", "\"d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562\"")]
    [InlineData("States.Hash('input data', 'SHA-512')", "\"6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4\"")]
    [InlineData("States.JsonMerge($.json1, $.json2, false)", "{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}")]
    [InlineData("States.MathAdd($.value1, $.step)", "110")]
    [InlineData("States.MathAdd(1.5, 2)", "4")]
    [InlineData("States.MathAdd($limits.max, -10)", "-7")]
    [InlineData("States.StringSplit($.input, $.splitter)", "[\"This\",\"is\",\"a\",\"test\",\"string\"]")]
    [InlineData("States.StringSplit('1,2,3,4,5', ',')", "[\"1\",\"2\",\"3\",\"4\",\"5\"]")]
    [InlineData("States.StringSplit(',a,,b,', ',')", "[\"a\",\"b\"]")]
    [InlineData("  States.ArrayLength( States.Array( 1 , 'a,b' , $.name ) )  ", "3")]
    public void Evaluates_as_the_AWS_documentation_shows(string call, string? expected)
    {
        var result = Run(call);
        if (expected is null) Assert.Equal(1000, ((JsonArray)result!).Count);
        else JsonAssert.Equal(expected, result);
    }

    [Fact]
    public void MathRandom_stays_in_range_and_is_deterministic_with_a_seed()
    {
        for (var i = 0; i < 200; i++)
        {
            var n = Run("States.MathRandom($.start, $.end)")!.GetValue<long>();
            Assert.InRange(n, 1, 998);
        }
        var seeded = Run("States.MathRandom(1, 1000000, 42)")!.GetValue<long>();
        Assert.Equal(seeded, Run("States.MathRandom(1, 1000000, 42)")!.GetValue<long>());
        Assert.Equal(seeded, Run("States.MathRandom(1, 1000000, 42)")!.GetValue<long>());
    }

    [Fact]
    public void UUID_is_a_fresh_version_4_uuid()
    {
        var a = Run("States.UUID()")!.GetValue<string>();
        var b = Run("States.UUID()")!.GetValue<string>();
        Assert.NotEqual(a, b);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a);
    }

    [Theory]
    [InlineData("States.Format('{} and {}', 'one')", "The number of arguments (1) does not match the number of placeholders (2) in the format string of the 'States.Format' intrinsic function")]
    [InlineData("States.Format(42)", "The first argument of the 'States.Format' intrinsic function must be a string, but was number 42")]
    [InlineData("States.StringToJson('{not json')", "The argument of the 'States.StringToJson' intrinsic function must be a string containing valid JSON, but was '{not json'")]
    [InlineData("States.JsonToString()", "The 'States.JsonToString' intrinsic function expects exactly 1 argument but received 0")]
    [InlineData("States.ArrayPartition($.name, 2)", "The first argument of the 'States.ArrayPartition' intrinsic function must be a JSON array, but was string \"Arnav\"")]
    [InlineData("States.ArrayPartition($.inputArray, 0)", "The second argument of the 'States.ArrayPartition' intrinsic function must be a positive integer (the chunk size)")]
    [InlineData("States.ArrayPartition($.inputArray, 1.5)", "The second argument of the 'States.ArrayPartition' intrinsic function must be an integer, but was number 1.5")]
    [InlineData("States.ArrayRange(1, 1001, 1)", "The 'States.ArrayRange' intrinsic function cannot create an array with more than 1000 items, but (1, 1001, 1) would create 1001")]
    [InlineData("States.ArrayRange(1, 9, 0)", "The third argument of the 'States.ArrayRange' intrinsic function (the step) must not be 0")]
    [InlineData("States.ArrayRange(1, 9)", "The 'States.ArrayRange' intrinsic function expects exactly 3 arguments but received 2")]
    [InlineData("States.ArrayGetItem($.inputArray, 9)", "The index 9 passed to the 'States.ArrayGetItem' intrinsic function is out of bounds for an array of length 9")]
    [InlineData("States.ArrayLength($.json1)", "The first argument of the 'States.ArrayLength' intrinsic function must be a JSON array, but was object {\"a\":{\"a1\":1,\"a2\":2},\"b\":2}")]
    [InlineData("States.Base64Decode('not base64!')", "The input string of the 'States.Base64Decode' intrinsic function is not valid base64-encoded UTF-8: 'not base64!'")]
    [InlineData("States.Hash('x', 'SHA-999')", "The hash algorithm 'SHA-999' is not supported by the 'States.Hash' intrinsic function; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512")]
    [InlineData("States.JsonMerge($.json1, $.json2, true)", "The 'States.JsonMerge' intrinsic function only supports shallow merging: its third argument must be false")]
    [InlineData("States.JsonMerge($.json1, $.inputArray, false)", "The second argument of the 'States.JsonMerge' intrinsic function must be a JSON object, but was array [1,2,3,4,5,6,7,8,9]")]
    [InlineData("States.JsonMerge($.json1, $.json2, 'no')", "The third argument of the 'States.JsonMerge' intrinsic function must be a boolean, but was string \"no\"")]
    [InlineData("States.MathRandom(10, 10)", "The second argument of the 'States.MathRandom' intrinsic function (the end, 10) must be greater than the first (the start, 10)")]
    [InlineData("States.MathRandom(1, 10, 2, 3)", "The 'States.MathRandom' intrinsic function expects 2 to 3 arguments but received 4")]
    [InlineData("States.MathAdd('1', 2)", "The first argument of the 'States.MathAdd' intrinsic function must be a number, but was string \"1\"")]
    [InlineData("States.StringSplit($.inputArray, ',')", "The first argument of the 'States.StringSplit' intrinsic function must be a string, but was array [1,2,3,4,5,6,7,8,9]")]
    [InlineData("States.UUID(1)", "The 'States.UUID' intrinsic function expects exactly 0 arguments but received 1")]
    public void Bad_arguments_raise_IntrinsicFailure_with_a_clear_cause(string call, string cause) =>
        Assert.Equal(cause, Fails(call).Cause);

    [Fact]
    public void Base64_and_Hash_inputs_are_limited_to_10000_characters()
    {
        var big = $$"""{"s":"{{new string('a', 10_001)}}"}""";
        Assert.Contains("limited to 10000 characters", Fails("States.Base64Encode($.s)", big).Cause);
        Assert.Contains("limited to 10000 characters", Fails("States.Base64Decode($.s)", big).Cause);
        Assert.Contains("limited to 10000 characters", Fails("States.Hash($.s, 'MD5')", big).Cause);
        var ok = $$"""{"s":"{{new string('a', 10_000)}}"}""";
        Assert.Equal(32, Run("States.Hash($.s, 'MD5')", ok)!.GetValue<string>().Length);
    }

    [Fact]
    public void Path_arguments_go_through_the_resolver()
    {
        var asked = new List<string>();
        var expression = IntrinsicFunctions.Parse("States.Array($.a, $$.Map.Item.Index, $item.id, $.b[?(@.x == 'a,b')], $['c)'])");
        var result = IntrinsicFunctions.Evaluate(expression, path => { asked.Add(path); return JsonValue.Create(asked.Count); });
        Assert.Equal(["$.a", "$$.Map.Item.Index", "$item.id", "$.b[?(@.x == 'a,b')]", "$['c)']"], asked);
        JsonAssert.Equal("[1,2,3,4,5]", result);
        Assert.Equal(asked, expression.Paths);
    }

    [Fact]
    public void Parsed_calls_are_cached_and_expose_their_structure()
    {
        var call = IntrinsicExpression.Parse("States.Format('a{}', States.MathAdd(1, $.n))");
        Assert.Same(call, IntrinsicFunctions.Parse("States.Format('a{}', States.MathAdd(1, $.n))"));
        Assert.Equal("States.Format", call.Name);
        Assert.IsType<LiteralArgument>(call.Arguments[0]);
        var inner = Assert.IsType<CallArgument>(call.Arguments[1]).Call;
        Assert.Equal("States.MathAdd", inner.Name);
        Assert.Equal("$.n", Assert.IsType<PathArgument>(inner.Arguments[1]).Path);
    }

    [Theory]
    [InlineData("States.Format('x'")]
    [InlineData("States.Format('x)")]
    [InlineData("States.Nope(1)")]
    [InlineData("States.Array(1,)")]
    [InlineData("States.Array(1 2)")]
    [InlineData("States.Array(1) extra")]
    [InlineData("States.Array(@.x)")]
    [InlineData("States.Array($.a[)")]
    [InlineData("States.Array($.)")]
    [InlineData("States.Array(1.2.3)")]
    [InlineData("Format('x')")]
    [InlineData("States.Array(yes)")]
    public void Bad_syntax_is_a_FormatException(string call) =>
        Assert.Throws<FormatException>(() => IntrinsicFunctions.Parse(call));

    [Theory]
    [InlineData("States.Format('x')", true)]
    [InlineData(" States.UUID() ", true)]
    [InlineData("$.States.x", false)]
    [InlineData("States.Format", false)]
    [InlineData(null, false)]
    public void Recognizes_intrinsic_calls(string? text, bool expected) => Assert.Equal(expected, IntrinsicFunctions.IsIntrinsic(text));

    [Fact]
    public void Every_documented_function_is_known() =>
        Assert.Equal(18, IntrinsicFunctions.Names.Count);
}
