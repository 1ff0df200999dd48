namespace Stepwise.Vision.Model;

/// <summary>Weights that do not fit a <see cref="MaskRCNN"/>: which keys are missing or unexpected, and which shapes differ.</summary>
public sealed class StateDictMismatchException(
    string origin,
    string model,
    IReadOnlyList<string> missing,
    IReadOnlyList<string> unexpected,
    IReadOnlyList<StateDictMismatchException.ShapeMismatch> shapes)
    : ArgumentException(Describe(origin, model, missing, unexpected, shapes))
{
    /// <summary>A key present on both sides with different shapes.</summary>
    public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Found, IReadOnlyList<long> Expected)
    {
        public override string ToString() => $"{Key} is [{string.Join(",", Found)}], expected [{string.Join(",", Expected)}]";
    }

    /// <summary>Where the weights came from (a file path, or "state dict").</summary>
    public string Origin { get; } = origin;

    public IReadOnlyList<string> Missing { get; } = missing;

    public IReadOnlyList<string> Unexpected { get; } = unexpected;

    public IReadOnlyList<ShapeMismatch> Shapes { get; } = shapes;

    static string Describe(string origin, string model, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<ShapeMismatch> shapes)
    {
        static string List<T>(IReadOnlyList<T> items) => string.Join(", ", items.Take(5)) + (items.Count > 5 ? $", … ({items.Count - 5} more)" : "");
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {missing.Count} [{List(missing)}]");
        if (unexpected.Count > 0) parts.Add($"unexpected {unexpected.Count} [{List(unexpected)}]");
        if (shapes.Count > 0) parts.Add($"{shapes.Count} shape(s) differ [{List(shapes)}]");
        return $"{origin} does not fit this MaskRCNN ({model}): {string.Join("; ", parts)}.";
    }
}
