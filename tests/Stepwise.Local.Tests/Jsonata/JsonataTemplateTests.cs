using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Jsonata;
using static Stepwise.Local.Tests.Jsonata.JsonataTestJson;

namespace Stepwise.Local.Tests.Jsonata;

public sealed class JsonataTemplateTests
{
    static readonly JsonataEvaluator Evaluator = JsonataEvaluatorTests.Evaluator;

    static readonly JsonataScope Scope = new()
    {
        Input = Json("""{"order":{"id":"o-1","items":[{"sku":"a","qty":2},{"sku":"b","qty":3}]}}"""),
        Context = Json("""{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:m:e1"},"State":{"Name":"Ship"}}"""),
        Result = Json("""{"tracking":"T-9"}"""),
        Variables = new Dictionary<string, JsonNode?> { ["customer"] = Json("""{"name":"Ada"}"""), ["limit"] = 4 },
    };

    static JsonNode? Apply(string template, JsonataScope? scope = null, string field = "Output") =>
        JsonataTemplate.Evaluate(Json(template), scope ?? Scope, field, Evaluator);

    [Theory]
    [InlineData("{% $states.input %}", true, "$states.input")]
    [InlineData("{%1%}", true, "1")]
    [InlineData("{%  a.b \n %}", true, "a.b")]
    [InlineData(" {% 1 %}", false, "")]
    [InlineData("{% 1 %} ", false, "")]
    [InlineData("{% 1", false, "")]
    [InlineData("{%}", false, "")]
    [InlineData("plain", false, "")]
    public void Only_a_whole_percent_brace_string_is_an_expression(string text, bool isExpression, string expression)
    {
        Assert.Equal(isExpression, JsonataTemplate.TryGetExpression(text, out var inner));
        Assert.Equal(expression, inner);
    }

    [Fact]
    public void States_input_context_result_and_variables_are_bound() =>
        AssertText("""{"id":"o-1","execution":"arn:aws:states:us-east-1:123456789012:execution:m:e1","tracking":"T-9","who":"Ada","units":5,"underLimit":false}""",
            Apply("""
                {
                  "id": "{% $states.input.order.id %}",
                  "execution": "{% $states.context.Execution.Id %}",
                  "tracking": "{% $states.result.tracking %}",
                  "who": "{% $customer.name %}",
                  "units": "{% $sum($states.input.order.items.qty) %}",
                  "underLimit": "{% $sum($states.input.order.items.qty) < $limit %}"
                }
                """));

    [Fact]
    public void Dollar_is_the_state_input() =>
        AssertText("\"o-1\"", Apply("\"{% order.id %}\""));

    [Fact]
    public void Unset_parts_of_states_are_absent() =>
        AssertText("""{"keys":["input"],"hasResult":false}""",
            Apply("""{"keys": "{% [$keys($states)] %}", "hasResult": "{% $exists($states.result) %}"}""", JsonataScope.ForInput(Json("{}"))));

    [Fact]
    public void Literals_copy_through_and_nested_arrays_are_walked() =>
        AssertText("""{"literal":"text","n":1.5,"flag":true,"none":null,"list":[1,"{% not closed",{"sku":"a"},["b"]],"spaced":" {% 1 %}"}""",
            Apply("""{"literal":"text","n":1.5,"flag":true,"none":null,"list":["{% 1 %}","{% not closed",{"sku":"{% $states.input.order.items[0].sku %}"},["{% $states.input.order.items[1].sku %}"]],"spaced":" {% 1 %}"}"""));

    [Fact]
    public void Template_key_order_is_kept() =>
        AssertText("""{"z":1,"a":2,"m":{"y":3,"b":4}}""", Apply("""{"z":"{% 1 %}","a":2,"m":{"y":"{% 3 %}","b":4}}"""));

    [Fact]
    public void Template_is_not_changed_and_result_is_a_new_tree()
    {
        var template = Json("""{"a":"{% 1 + 1 %}","b":{"c":[1]}}""");
        var result = JsonataTemplate.Evaluate(template, Scope, evaluator: Evaluator);
        AssertText("""{"a":"{% 1 + 1 %}","b":{"c":[1]}}""", template);
        AssertText("""{"a":2,"b":{"c":[1]}}""", result);
        Assert.NotSame(template!["b"], result!["b"]);
    }

    [Fact]
    public void Template_without_expressions_needs_no_engine()
    {
        using var fresh = new JsonataEvaluator();
        AssertText("""{"a":[1,"x"]}""", JsonataTemplate.Evaluate(Json("""{"a":[1,"x"]}"""), Scope, evaluator: fresh));
        Assert.Equal(0, fresh.EnginesCreated);
    }

    [Fact]
    public void Undefined_at_the_top_is_a_QueryEvaluationError()
    {
        var e = Assert.Throws<StatesException>(() => Apply("\"{% $states.input.missing %}\""));
        Assert.Equal(StatesErrors.QueryEvaluationError, e.Error);
        Assert.Equal("The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).", e.Cause);
    }

    [Fact]
    public void Undefined_inside_an_object_or_array_is_an_error_naming_the_path()
    {
        var e = Assert.Throws<StatesException>(() => Apply("""{"a":[1,"{% $nope %}"]}""", field: "Arguments"));
        Assert.Equal("The JSONata expression '$nope' specified for the field 'Arguments/a/1' returned nothing (undefined).", e.Cause);
    }

    [Fact]
    public void Null_results_are_kept() =>
        AssertText("""{"a":null}""", Apply("""{"a":"{% null %}"}"""));

    [Fact]
    public void Syntax_error_in_a_field_names_the_field()
    {
        var e = Assert.Throws<StatesException>(() => Apply("""{"a":"{% 1 + %}"}"""));
        Assert.Equal(StatesErrors.QueryEvaluationError, e.Error);
        Assert.StartsWith("The JSONata expression '1 +' specified for the field 'Output/a' is invalid: ", e.Cause);
    }

    [Fact]
    public void Runtime_error_in_a_field_names_the_field()
    {
        var e = Assert.Throws<StatesException>(() => Apply("""{"a":"{% $number('x') %}"}"""));
        Assert.StartsWith("An error occurred while evaluating the expression '$number('x')' specified for the field 'Output/a': Unable to cast value to a number", e.Cause);
    }

    [Fact]
    public void Scope_bindings_hold_states_and_variables()
    {
        var bindings = Scope.ToBindings();
        AssertJson("""{"input":{"order":{"id":"o-1","items":[{"sku":"a","qty":2},{"sku":"b","qty":3}]}},"context":{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:m:e1"},"State":{"Name":"Ship"}},"result":{"tracking":"T-9"}}""", bindings["states"]);
        AssertText("4", bindings["limit"]);
        AssertText("\"o-1\"", Evaluator.Evaluate("$states.input.order.id", null, bindings));
        AssertText("\"o-1\"", Evaluator.Evaluate("order.id", Scope));
    }
}
