namespace Stepwise.Workflows.Validation;

/// <summary>The outcome of validating a definition: OK when it has no error diagnostics.</summary>
public sealed record ValidationReport(IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>The error diagnostics.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Throws <see cref="InvalidDefinitionException"/> listing every error, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new InvalidDefinitionException([.. Errors]);
    }

    /// <summary>"OK" or one diagnostic per line.</summary>
    public override string ToString() => Diagnostics.Count == 0 ? "OK" : string.Join(Environment.NewLine, Diagnostics);
}
