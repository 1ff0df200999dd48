namespace Stepwise.Workflows.Validation;

/// <summary>Severity of a definition diagnostic, as in ValidateStateMachineDefinition.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The definition is rejected.</summary>
    Error,

    /// <summary>Accepted, but probably not what was meant.</summary>
    Warning,
}

/// <summary>One problem in a definition, in the vocabulary of Step Functions' validation
/// (<c>SCHEMA_VALIDATION_FAILED</c>, <c>MISSING_TRANSITION_TARGET</c>, …) and located by a JSON path like <c>/States/Train/Next</c>.</summary>
/// <param name="Code">The diagnostic code.</param>
/// <param name="Message">What is wrong, naming the state and field.</param>
/// <param name="Location">Where in the definition.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record Diagnostic(string Code, string Message, string Location, DiagnosticSeverity Severity = DiagnosticSeverity.Error)
{
    /// <summary>As AWS words it inside an InvalidDefinition message: <c>CODE: message at location</c>.</summary>
    public override string ToString() => $"{Code}: {Message} at {Location}";
}

/// <summary>Diagnostic codes used by Step Functions.</summary>
public static class DiagnosticCodes
{
    /// <summary>The JSON does not parse.</summary>
    public const string InvalidJson = "INVALID_JSON_DESCRIPTION";

    /// <summary>A field is missing, unknown, of the wrong type or out of range.</summary>
    public const string Schema = "SCHEMA_VALIDATION_FAILED";

    /// <summary>Next, Default, StartAt or a catcher names a state that does not exist.</summary>
    public const string MissingTarget = "MISSING_TRANSITION_TARGET";

    /// <summary>No path from StartAt reaches the state.</summary>
    public const string Unreachable = "UNREACHABLE_STATE";

    /// <summary>Two states share a name.</summary>
    public const string DuplicateName = "DUPLICATE_STATE_NAME";

    /// <summary>No state ends the (sub-)machine.</summary>
    public const string NoTerminalState = "MISSING_TERMINAL_STATE";
}
