namespace Stepwise.Workflows.SageMaker;

/// <summary>An integer hyperparameter range.</summary>
/// <param name="MinValue">Smallest value.</param>
/// <param name="MaxValue">Largest value.</param>
public sealed record IntegerParameter(long MinValue, long MaxValue) : ParameterRange
{
    /// <summary><c>Auto</c>, <c>Linear</c>, <c>Logarithmic</c> or <c>ReverseLogarithmic</c>.</summary>
    public string ScalingType { get; init; } = "Auto";

    internal override string RangesKey => "IntegerParameterRanges";

    internal override Dictionary<string, object?> ToRequest(string name, bool jsonEncode) => new()
    {
        ["Name"] = name,
        ["MinValue"] = PythonFormat.Str(MinValue),
        ["MaxValue"] = PythonFormat.Str(MaxValue),
        ["ScalingType"] = ScalingType,
    };
}
