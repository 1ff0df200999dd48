using System.Globalization;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// The hyperparameters of a tuning job's training jobs, as pure functions of the ranges and a seed: Random draws each
/// Integer and Continuous range uniformly on its scale (Linear, Logarithmic, ReverseLogarithmic; Auto is Linear) and
/// each Categorical range uniformly; Grid walks every combination of the Categorical values in order (SageMaker's grid
/// search takes categorical ranges only). Values are strings, as SageMaker passes them.
/// </summary>
internal static class HyperParameterSampler
{
    /// <summary>Checks the ranges as SageMaker does; null, or the first problem in its words.</summary>
    public static string? Validate(ParameterRanges? ranges, string strategy)
    {
        ranges ??= new ParameterRanges();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in (ranges.IntegerParameterRanges ?? []).Select(r => r.Name)
                     .Concat((ranges.ContinuousParameterRanges ?? []).Select(r => r.Name))
                     .Concat((ranges.CategoricalParameterRanges ?? []).Select(r => r.Name)))
            if (!names.Add(name))
                return $"The hyperparameter {name} is given more than one range.";
        if (strategy == HyperParameterTuningJobStrategyType.Grid && (ranges.IntegerParameterRanges is { Count: > 0 } || ranges.ContinuousParameterRanges is { Count: > 0 }))
            return "The Grid search strategy supports categorical parameter ranges only: give the values of each Integer and Continuous hyperparameter as a CategoricalParameterRange.";
        if (strategy == HyperParameterTuningJobStrategyType.Grid && ranges.CategoricalParameterRanges is not { Count: > 0 })
            return "The Grid search strategy needs at least one CategoricalParameterRange.";
        foreach (var range in ranges.IntegerParameterRanges ?? [])
        {
            if (!long.TryParse(range.MinValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var min) || !long.TryParse(range.MaxValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max))
                return $"The IntegerParameterRange {range.Name} must have integer MinValue and MaxValue, but has {range.MinValue} and {range.MaxValue}.";
            if (Scale(range.ScalingType) is not { } scaling || scaling == HyperParameterScalingType.ReverseLogarithmic)
                return $"The ScalingType {range.ScalingType} of IntegerParameterRange {range.Name} is not one of Auto, Linear, Logarithmic.";
            if (min > max) return $"The MinValue {min} of IntegerParameterRange {range.Name} is greater than its MaxValue {max}.";
            if (scaling == HyperParameterScalingType.Logarithmic && min <= 0)
                return $"The IntegerParameterRange {range.Name} has ScalingType Logarithmic, which needs a MinValue greater than 0 (it is {min}).";
        }
        foreach (var range in ranges.ContinuousParameterRanges ?? [])
        {
            if (!TryParse(range.MinValue, out var min) || !TryParse(range.MaxValue, out var max))
                return $"The ContinuousParameterRange {range.Name} must have numeric MinValue and MaxValue, but has {range.MinValue} and {range.MaxValue}.";
            if (Scale(range.ScalingType) is not { } scaling)
                return $"The ScalingType {range.ScalingType} of ContinuousParameterRange {range.Name} is not one of Auto, Linear, Logarithmic, ReverseLogarithmic.";
            if (min > max) return $"The MinValue {range.MinValue} of ContinuousParameterRange {range.Name} is greater than its MaxValue {range.MaxValue}.";
            if (scaling == HyperParameterScalingType.Logarithmic && min <= 0)
                return $"The ContinuousParameterRange {range.Name} has ScalingType Logarithmic, which needs a MinValue greater than 0 (it is {range.MinValue}).";
            if (scaling == HyperParameterScalingType.ReverseLogarithmic && (min < 0 || max >= 1))
                return $"The ContinuousParameterRange {range.Name} has ScalingType ReverseLogarithmic, which needs 0 <= MinValue and MaxValue < 1 (they are {range.MinValue} and {range.MaxValue}).";
        }
        foreach (var range in ranges.CategoricalParameterRanges ?? [])
            if (range.Values is not { Count: > 0 and <= 30 })
                return $"The CategoricalParameterRange {range.Name} must have between 1 and 30 values.";
        return null;
    }

    /// <summary>How many training jobs a Grid search runs: the product of the categorical ranges' sizes.</summary>
    public static long GridSize(ParameterRanges? ranges) =>
        (ranges?.CategoricalParameterRanges ?? []).Aggregate(1L, (n, r) => n * r.Values.Count);

    /// <summary>The tuned hyperparameters of training job <paramref name="index"/> (0-based) of a Grid search.</summary>
    public static Dictionary<string, string> Grid(ParameterRanges ranges, long index)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var categorical = ranges.CategoricalParameterRanges ?? [];
        for (var i = categorical.Count - 1; i >= 0; i--)
        {
            var count = categorical[i].Values.Count;
            values[categorical[i].Name] = categorical[i].Values[(int)(index % count)];
            index /= count;
        }
        return categorical.ToDictionary(r => r.Name, r => values[r.Name], StringComparer.Ordinal);
    }

    /// <summary>One random draw of every range, in the order the ranges are given.</summary>
    public static Dictionary<string, string> Random(ParameterRanges? ranges, Random random)
    {
        ranges ??= new ParameterRanges();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in ranges.IntegerParameterRanges ?? [])
        {
            var min = long.Parse(range.MinValue, CultureInfo.InvariantCulture);
            var max = long.Parse(range.MaxValue, CultureInfo.InvariantCulture);
            long value = Scale(range.ScalingType) == HyperParameterScalingType.Logarithmic
                ? (long)Math.Round(Math.Exp(Uniform(random, Math.Log(min), Math.Log(max))))
                : random.NextInt64(min, max + 1);
            values[range.Name] = Math.Clamp(value, min, max).ToString(CultureInfo.InvariantCulture);
        }
        foreach (var range in ranges.ContinuousParameterRanges ?? [])
        {
            TryParse(range.MinValue, out var min);
            TryParse(range.MaxValue, out var max);
            var value = Scale(range.ScalingType) switch
            {
                HyperParameterScalingType.Logarithmic => Math.Exp(Uniform(random, Math.Log(min), Math.Log(max))),
                HyperParameterScalingType.ReverseLogarithmic => 1 - Math.Exp(Uniform(random, Math.Log(1 - max), Math.Log(1 - min))),
                _ => Uniform(random, min, max),
            };
            values[range.Name] = Math.Clamp(value, min, max).ToString("R", CultureInfo.InvariantCulture);
        }
        foreach (var range in ranges.CategoricalParameterRanges ?? [])
            values[range.Name] = range.Values[random.Next(range.Values.Count)];
        return values;
    }

    /// <summary>The seed of a tuning job without RandomSeed: a stable hash of its name (FNV-1a), so reruns repeat.</summary>
    public static int SeedOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name.ToLowerInvariant())
            hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    private static double Uniform(Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    private static string? Scale(string? scaling) => scaling switch
    {
        null or HyperParameterScalingType.Auto or HyperParameterScalingType.Linear => HyperParameterScalingType.Linear,
        HyperParameterScalingType.Logarithmic or HyperParameterScalingType.ReverseLogarithmic => scaling,
        _ => null,
    };

    private static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
