namespace Stepwise.Workflows;

/// <summary>The <c>Variable</c> of a comparison: a path starting with '$', or a placeholder.</summary>
public readonly record struct VariablePath
{
    /// <summary>A variable from path text; it must start with '$'.</summary>
    /// <exception cref="ArgumentException">The path does not start with '$'.</exception>
    public VariablePath(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
            throw new ArgumentException($"Expected variable must be a placeholder or must start with '$', but got '{path}'", nameof(path));
        Path = path;
    }

    /// <summary>The JSONPath text.</summary>
    public string Path { get; }

    /// <summary>A variable from path text.</summary>
    public static implicit operator VariablePath(string path) => new(path);

    /// <summary>A variable from a placeholder (its JSONPath).</summary>
    public static implicit operator VariablePath(Placeholder placeholder) => new(placeholder.ToJsonPath());
}
