using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Jsonata;
using Stepwise.Local.StepFunctions.Language;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>The engine's one door to the query languages: JSONPath (with intrinsic functions) from
/// <see cref="Language"/> and JSONata from <see cref="Jsonata"/>. The <c>$$</c> context object is only built
/// when an expression refers to it.</summary>
internal static class Queries
{
    private static readonly ConditionalWeakTable<JsonNode, StrongBox<bool>> UsesContextCache = [];

    public static JsonNode? Select(string path, PathInputs inputs) => Scope(inputs, path.Contains("$$")).Resolve(path);

    public static bool TrySelect(string path, PathInputs inputs, out JsonNode? value)
    {
        try
        {
            value = Select(path, inputs);
            return true;
        }
        catch (StatesException error) when (error.Error == StatesErrors.Runtime)
        {
            value = null;
            return false;
        }
    }

    public static JsonNode? Template(JsonNode? template, PathInputs inputs) =>
        template is null ? null : PayloadTemplate.Evaluate(template, Scope(inputs, UsesContext(template)));

    public static JsonNode? Put(JsonNode? input, string resultPath, JsonNode? result) =>
        JsonPathExpression.Parse(resultPath).SetValue(input, result);

    public static JsonNode? Jsonata(JsonNode? template, JsonataInputs inputs, string field) =>
        template is null ? null : JsonataTemplate.Evaluate(template, new JsonataScope
        {
            Input = inputs.Input,
            Context = UsesContext(template) ? inputs.Context() : null,
            Result = inputs.Result,
            ErrorOutput = inputs.ErrorOutput,
            Variables = inputs.Variables,
            Now = inputs.Now,
        }, field);

    private static PathScope Scope(PathInputs inputs, bool withContext) =>
        new(inputs.Input, withContext ? inputs.Context() : null, inputs.Variables);

    /// <summary>True when a template may read the context object (<c>$$</c> in JSONPath, <c>$states.context</c> in
    /// JSONata; a false positive only costs building it); remembered per template node.</summary>
    private static bool UsesContext(JsonNode template) =>
        UsesContextCache.GetValue(template, t =>
        {
            var text = t.ToJsonString();
            return new StrongBox<bool>(text.Contains("$$") || text.Contains("context"));
        }).Value;
}
