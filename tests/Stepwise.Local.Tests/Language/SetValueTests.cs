using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Language;

namespace Stepwise.Local.Tests.Language;

public class SetValueTests
{
    [Theory]
    [InlineData("$", """{"a":1}""", """{"r":true}""")]
    [InlineData("$.r", """{"a":1}""", """{"a":1,"r":{"r":true}}""")]
    [InlineData("$.a", """{"a":1}""", """{"a":{"r":true}}""")]
    [InlineData("$.x.y.z", """{"a":1}""", """{"a":1,"x":{"y":{"z":{"r":true}}}}""")]
    [InlineData("$.x.y", """{"x":{"k":2}}""", """{"x":{"k":2,"y":{"r":true}}}""")]
    [InlineData("$['my key'].v", """{}""", """{"my key":{"v":{"r":true}}}""")]
    [InlineData("$.list[1]", """{"list":[1,2,3]}""", """{"list":[1,{"r":true},3]}""")]
    [InlineData("$.list[-1].v", """{"list":[{},{}]}""", """{"list":[{},{"v":{"r":true}}]}""")]
    public void Writes_the_result_at_the_reference_path(string path, string input, string expected)
    {
        var original = JsonNode.Parse(input);
        var result = JsonPathExpression.Parse(path).SetValue(original, JsonNode.Parse("""{"r":true}"""));
        JsonAssert.Equal(expected, result);
        JsonAssert.Equal(input, original);
    }

    [Fact]
    public void A_value_already_in_a_document_is_copied_not_moved()
    {
        var source = JsonNode.Parse("""{"v":[1]}""")!;
        var result = JsonPathExpression.Parse("$.copy").SetValue(new JsonObject(), source["v"]);
        JsonAssert.Equal("""{"copy":[1]}""", result);
        JsonAssert.Equal("""{"v":[1]}""", source);
    }

    [Theory]
    [InlineData("$.a.b", """{"a":"text"}""", "Unable to apply ReferencePath $.a.b to input {\"a\":\"text\"}")]
    [InlineData("$.a.b", """{"a":5}""", "Unable to apply ReferencePath $.a.b to input {\"a\":5}")]
    [InlineData("$.a.b", """{"a":null}""", "Unable to apply ReferencePath $.a.b to input {\"a\":null}")]
    [InlineData("$.x", "\"just a string\"", "Unable to apply ReferencePath $.x to input \"just a string\"")]
    [InlineData("$.x", "[1,2]", "Unable to apply ReferencePath $.x to input [1,2]")]
    [InlineData("$.list[5]", """{"list":[1]}""", "Unable to apply ReferencePath $.list[5] to input {\"list\":[1]}")]
    public void Stepping_through_a_non_object_is_a_ResultPathMatchFailure(string path, string input, string cause)
    {
        var error = Assert.Throws<StatesException>(() => JsonPathExpression.Parse(path).SetValue(JsonNode.Parse(input), JsonValue.Create(1)));
        Assert.Equal(StatesErrors.ResultPathMatchFailure, error.Error);
        Assert.Equal(cause, error.Cause);
    }

    [Fact]
    public void Only_reference_paths_can_be_written() =>
        Assert.Throws<InvalidOperationException>(() => JsonPathExpression.Parse("$.a[*]").SetValue(new JsonObject(), null));
}
