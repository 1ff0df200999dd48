namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>How strictly a mocked result is checked against the service's response shape (<c>mock.fieldValidationMode</c>).</summary>
public enum FieldValidationMode
{
    /// <summary>Every required member present, every present member of its type (AWS's default).</summary>
    Strict,

    /// <summary>Every present member of its type.</summary>
    Present,

    /// <summary>No check.</summary>
    None,
}
