namespace Stepwise.Workflows.Asl;

/// <summary>A path field value (InputPath, OutputPath, ResultPath): a JSONPath, or <see cref="Discard"/> (JSON null).</summary>
/// <remarks>Omitting a path (a null <c>JsonPath?</c>) means "$"; <see cref="Discard"/> writes <c>null</c>, which AWS reads
/// as "pass {}" for InputPath/OutputPath and "keep the input, drop the result" for ResultPath.</remarks>
public readonly record struct JsonPath
{
    private JsonPath(string? value) => Value = value;

    /// <summary>The path text, or null for <see cref="Discard"/>.</summary>
    public string? Value { get; }

    /// <summary>True when this is the explicit JSON null.</summary>
    public bool IsDiscard => Value is null;

    /// <summary>The explicit JSON null path.</summary>
    public static JsonPath Discard => new(null);

    /// <summary>A path from its text.</summary>
    public static JsonPath Of(string path) => new(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>Converts path text to a path.</summary>
    public static implicit operator JsonPath(string path) => Of(path);

    /// <inheritdoc />
    public override string ToString() => Value ?? "null";
}
