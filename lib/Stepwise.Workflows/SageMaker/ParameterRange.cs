namespace Stepwise.Workflows.SageMaker;

/// <summary>A range a <see cref="HyperparameterTuner"/> searches: <see cref="IntegerParameter"/>, <see cref="ContinuousParameter"/>
/// or <see cref="CategoricalParameter"/>.</summary>
public abstract record ParameterRange
{
    private protected ParameterRange() { }

    /// <summary>The <c>ParameterRanges</c> list this range goes to (<c>IntegerParameterRanges</c>, …).</summary>
    internal abstract string RangesKey { get; }

    /// <summary>The range as the SageMaker request writes it.</summary>
    internal abstract Dictionary<string, object?> ToRequest(string name, bool jsonEncode);
}
