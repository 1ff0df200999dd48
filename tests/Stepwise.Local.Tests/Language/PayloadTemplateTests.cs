using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Language;

namespace Stepwise.Local.Tests.Language;

public class PayloadTemplateTests
{
    private static readonly PathScope Scope = new(
        JsonNode.Parse("""{"a":1,"user":{"name":"Ana","tags":["x","y"]},"items":[{"id":1,"ok":true},{"id":2,"ok":false}],"nothing":null}"""),
        JsonNode.Parse("""{"Execution":{"Id":"exec-1","Input":{"a":1}},"State":{"Name":"Build"},"Map":{"Item":{"Index":3}}}"""),
        new Dictionary<string, JsonNode?> { ["total"] = JsonValue.Create(42), ["cfg"] = JsonNode.Parse("""{"region":"eu-west-1"}""") });

    private static JsonNode? Build(string template) => PayloadTemplate.Evaluate(JsonNode.Parse(template), Scope);

    [Fact]
    public void Dollar_keys_take_values_from_paths_and_lose_their_suffix()
    {
        var result = Build("""
            {
              "static": "value",
              "name.$": "$.user.name",
              "whole.$": "$",
              "firstTag.$": "$.user.tags[0]",
              "okIds.$": "$.items[?(@.ok == true)].id",
              "nil.$": "$.nothing",
              "exec.$": "$$.Execution.Id",
              "index.$": "$$.Map.Item.Index",
              "ctx.$": "$$",
              "total.$": "$total",
              "region.$": "$cfg.region",
              "message.$": "States.Format('{} has {} tags in {}', $.user.name, States.ArrayLength($.user.tags), $cfg.region)",
              "nested": { "deep": { "n.$": "$.a", "keep": [1, {"x.$": "$.user.tags"}] } },
              "list": [ { "i.$": "$$.Map.Item.Index" }, "plain", 3, null ]
            }
            """);
        JsonAssert.Equal("""
            {
              "static": "value",
              "name": "Ana",
              "whole": {"a":1,"user":{"name":"Ana","tags":["x","y"]},"items":[{"id":1,"ok":true},{"id":2,"ok":false}],"nothing":null},
              "firstTag": "x",
              "okIds": [1],
              "nil": null,
              "exec": "exec-1",
              "index": 3,
              "ctx": {"Execution":{"Id":"exec-1","Input":{"a":1}},"State":{"Name":"Build"},"Map":{"Item":{"Index":3}}},
              "total": 42,
              "region": "eu-west-1",
              "message": "Ana has 2 tags in eu-west-1",
              "nested": { "deep": { "n": 1, "keep": [1, {"x": ["x","y"]}] } },
              "list": [ { "i": 3 }, "plain", 3, null ]
            }
            """, result);
    }

    [Fact]
    public void The_result_is_fresh_and_the_scope_untouched()
    {
        var template = JsonNode.Parse("""{"u.$": "$.user", "k": {"v": 1}}""");
        var result = PayloadTemplate.Evaluate(template, Scope)!;
        result["u"]!["name"] = "changed";
        result["k"]!["v"] = 2;
        Assert.Equal("Ana", Scope.Input!["user"]!["name"]!.GetValue<string>());
        JsonAssert.Equal("""{"u.$": "$.user", "k": {"v": 1}}""", template);
    }

    [Fact]
    public void Non_object_templates_are_copied_or_recursed()
    {
        JsonAssert.Equal("\"text\"", Build("\"text\""));
        JsonAssert.Equal("[{\"a\":1}]", Build("""[{"a.$":"$.a"}]"""));
        Assert.Null(PayloadTemplate.Evaluate(null, Scope));
    }

    [Fact]
    public void A_missing_path_is_a_runtime_error_naming_the_path_field_and_input()
    {
        var scope = new PathScope(JsonNode.Parse("""{"a":1}"""));
        var error = Assert.Throws<StatesException>(() => PayloadTemplate.Evaluate(JsonNode.Parse("""{"x":{"bar.$":"$.foo"}}"""), scope));
        Assert.Equal(StatesErrors.Runtime, error.Error);
        Assert.Equal("The JSONPath '$.foo' specified for the field 'bar.$' could not be found in the input '{\"a\":1}'", error.Cause);
    }

    [Fact]
    public void A_missing_path_inside_an_intrinsic_is_reported_the_same_way()
    {
        var error = Assert.Throws<StatesException>(() => Build("""{"m.$":"States.Format('{}', $.missing)"}"""));
        Assert.Equal(StatesErrors.Runtime, error.Error);
        Assert.StartsWith("The JSONPath '$.missing' specified for the field 'm.$' could not be found in the input '{\"a\":1,", error.Cause);
    }

    [Fact]
    public void Missing_context_paths_and_variables_name_what_they_read()
    {
        var context = Assert.Throws<StatesException>(() => Build("""{"t.$":"$$.Task.Token"}"""));
        Assert.StartsWith("The JSONPath '$$.Task.Token' specified for the field 't.$' could not be found in the input '{\"Execution\"", context.Cause);
        var variable = Assert.Throws<StatesException>(() => Build("""{"v.$":"$undefinedVar"}"""));
        Assert.Equal("The JSONPath '$undefinedVar' specified for the field 'v.$' could not be found in the variables (no variable named 'undefinedVar')", variable.Cause);
    }

    [Fact]
    public void Intrinsic_failures_keep_their_error_name()
    {
        var error = Assert.Throws<StatesException>(() => Build("""{"p.$":"States.ArrayPartition($.user, 2)"}"""));
        Assert.Equal(StatesErrors.IntrinsicFailure, error.Error);
    }

    [Theory]
    [InlineData("""{"x.$": 5}""", "The value for the field 'x.$' must be a STRING that contains a JSONPath or an intrinsic function call, but was number 5")]
    [InlineData("""{"x.$": {"a":1}}""", "The value for the field 'x.$' must be a STRING that contains a JSONPath or an intrinsic function call, but was object {\"a\":1}")]
    [InlineData("""{"x.$": "not a path"}""", "The value for the field 'x.$' must be a valid JSONPath: Invalid JSONPath 'not a path': a path must start with '$' at position 0.")]
    public void Dollar_values_must_be_path_or_intrinsic_strings(string template, string cause)
    {
        var error = Assert.Throws<StatesException>(() => Build(template));
        Assert.Equal(StatesErrors.Runtime, error.Error);
        Assert.Equal(cause, error.Cause);
    }

    [Theory]
    [InlineData("$", """{"a":1,"b":[1,2]}""")]
    [InlineData("$.b", "[1,2]")]
    [InlineData("$.b[*]", "[1,2]")]
    [InlineData("$$.Execution.Id", "\"e\"")]
    [InlineData("$v", "{\"k\":[true]}")]
    [InlineData("$v.k[0]", "true")]
    [InlineData("$v['k']", "[true]")]
    public void Scope_resolves_input_context_and_variables(string path, string expected)
    {
        var scope = new PathScope(JsonNode.Parse("""{"a":1,"b":[1,2]}"""), JsonNode.Parse("""{"Execution":{"Id":"e"}}"""),
            new Dictionary<string, JsonNode?> { ["v"] = JsonNode.Parse("""{"k":[true]}""") });
        JsonAssert.Equal(expected, scope.Resolve(path));
        Assert.True(scope.TryResolve(path, out var value));
        JsonAssert.Equal(expected, value);
    }

    [Theory]
    [InlineData("$.x", "Invalid path '$.x' : No results for path: $['x']")]
    [InlineData("$.a.b.c", "Invalid path '$.a.b.c' : Expected to find an object with property ['b'] in path $['a'] but found 'number'. This is not a json object.")]
    [InlineData("$.o.b.c", "Invalid path '$.o.b.c' : Missing property in path $['o']['b']")]
    [InlineData("$$.Task.Token", "Invalid path '$$.Task.Token' : Missing property in path $['Task']")]
    [InlineData("$nope", "Invalid path '$nope' : The variable 'nope' is not defined")]
    [InlineData("$.a[", "Invalid path '$.a[' : Invalid JSONPath '$.a[': the path ended inside '[...]' at position 4.")]
    public void Resolve_fails_with_AWS_InputPath_wording(string path, string cause)
    {
        var scope = new PathScope(JsonNode.Parse("""{"a":1,"o":{}}"""), new JsonObject());
        var error = Assert.Throws<StatesException>(() => scope.Resolve(path));
        Assert.Equal(StatesErrors.Runtime, error.Error);
        Assert.Equal(cause, error.Cause);
    }

    [Fact]
    public void Numbers_backed_by_any_CLR_type_work_in_templates_and_filters()
    {
        var input = new JsonObject { ["n"] = 5, ["items"] = new JsonArray(1L, 2.5m, 3.0d) };
        var result = PayloadTemplate.Evaluate(
            JsonNode.Parse("""{"sum.$":"States.MathAdd($.n, 1)","big.$":"$.items[?(@ >= 2.5)]","has.$":"States.ArrayContains($.items, 3)"}"""),
            new PathScope(input));
        JsonAssert.Equal("""{"sum":6,"big":[2.5,3],"has":true}""", result);
    }
}
