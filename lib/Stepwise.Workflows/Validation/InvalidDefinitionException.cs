namespace Stepwise.Workflows.Validation;

/// <summary>A definition Step Functions would reject (<c>InvalidDefinition</c>), with every problem found.</summary>
public sealed class InvalidDefinitionException : Exception
{
    /// <summary>An exception listing the diagnostics.</summary>
    public InvalidDefinitionException(IReadOnlyList<Diagnostic> diagnostics)
        : base(Format(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>The AWS error name.</summary>
    public string ErrorCode => "InvalidDefinition";

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string Format(IReadOnlyList<Diagnostic> diagnostics) => diagnostics.Count switch
    {
        0 => "Invalid State Machine Definition",
        1 => $"Invalid State Machine Definition: '{diagnostics[0]}'",
        _ => $"Invalid State Machine Definition: {diagnostics.Count} problems:{Environment.NewLine}" +
             string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d)),
    };
}
