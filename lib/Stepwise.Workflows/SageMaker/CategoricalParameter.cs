namespace Stepwise.Workflows.SageMaker;

/// <summary>A hyperparameter chosen from a list of values (strings or numbers); a framework estimator's values are JSON-encoded.</summary>
/// <param name="Values">The candidate values.</param>
public sealed record CategoricalParameter(IReadOnlyList<object> Values) : ParameterRange
{
    internal override string RangesKey => "CategoricalParameterRanges";

    internal override Dictionary<string, object?> ToRequest(string name, bool jsonEncode) => new()
    {
        ["Name"] = name,
        ["Values"] = Values.Select(v => (object?)(jsonEncode ? PythonFormat.JsonDumps(v) : PythonFormat.Str(v))).ToList(),
    };
}
