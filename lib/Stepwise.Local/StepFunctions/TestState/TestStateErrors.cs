using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>TestState's refusals and errors, in one place. Most are AWS's words as recorded from TestState on AWS; the
/// ones AWS was not seen to answer (marked "local wording") follow the model's documentation of the rule.</summary>
public static class TestStateErrors
{
    /// <summary>The cause of a mocked Map whose failed iterations exceed its tolerated failures.</summary>
    public const string ToleratedFailureThresholdExceeded = "The specified tolerated failure threshold was exceeded";

    public static StepFunctionsException MockOnUnsupportedState(string type) =>
        StepFunctionsException.Validation($"State type '{type}' is not supported when a mock is specified");

    public static StepFunctionsException MockWithResultAndError() =>
        StepFunctionsException.Validation("A test mock should have only one of the following fields: [result, errorOutput].");

    public static StepFunctionsException MockWithRevealSecrets() =>
        StepFunctionsException.Validation("TestState does not support RevealSecrets when a mock is specified.");

    public static StepFunctionsException MapOrParallelWithoutMock() =>
        new(StepFunctionsErrorCodes.InvalidDefinition, "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");

    public static StepFunctionsException MockedResultNotArray() => StepFunctionsException.Validation("Mocked result must be an array.");

    public static StepFunctionsException MockedResultNotObject() => StepFunctionsException.Validation("Mocked result must be a JSON object.");

    public static StepFunctionsException MockedResultBranchCount() =>
        StepFunctionsException.Validation("Mocked result must contain the same number of items as number of Parallel branches.");

    /// <summary>A field of the mocked result against the service's response shape: "Field 'X' must be a string" and the like.</summary>
    public static StepFunctionsException MockSchema(string problem) =>
        StepFunctionsException.Validation($"Mock result schema validation error: {problem}");

    /// <summary>Local wording.</summary>
    public static StepFunctionsException MockedResultNotJson() => StepFunctionsException.Validation("Mocked result must be valid JSON");

    /// <summary>Local wording, after the model: "This field is required if mock.errorOutput is specified."</summary>
    public static StepFunctionsException MockErrorWithoutError() =>
        StepFunctionsException.Validation("The field 'error' is required when mock.errorOutput is specified.");

    /// <summary>Local wording, after the model: "This field may only be specified if a mock is specified in the same request."</summary>
    public static StepFunctionsException ContextWithoutMock() =>
        StepFunctionsException.Validation("The context field may only be specified when a mock is specified.");

    /// <summary>Local wording, after the model: "TestState only supports the following when a mock is specified: Activity
    /// tasks, .sync or .waitForTaskToken service integration patterns…".</summary>
    public static StepFunctionsException PatternWithoutMock(string resource) =>
        new(StepFunctionsErrorCodes.InvalidDefinition,
            $"TestState API does not support Activity tasks or the '.sync' and '.waitForTaskToken' integration patterns unless a mock is specified (resource '{resource}').");

    /// <summary>Local wording.</summary>
    public static StepFunctionsException StateNotFound(string stateName) =>
        StepFunctionsException.Validation($"The state '{stateName}' does not exist in the state machine definition.");

    /// <summary>Local wording, after the model: "If this field is specified, the definition must contain a fully-formed state machine definition."</summary>
    public static StepFunctionsException StateNameWithoutMachine() =>
        StepFunctionsException.InvalidDefinition("Invalid State Machine Definition: a definition with a stateName must be a state machine with 'StartAt' and 'States'.");

    /// <summary>Local wording: a <c>stateConfiguration</c> member the tested state cannot use.</summary>
    public static StepFunctionsException ConfigurationNotApplicable(string member, string rule) =>
        StepFunctionsException.Validation($"stateConfiguration.{member} {rule}");

    /// <summary>Local wording.</summary>
    public static string ReaderDataNotArray(string stateName) =>
        $"The mapItemReaderData given for the Map state '{stateName}' must be a JSON array of the items its ItemReader reads.";

    /// <summary>Local wording.</summary>
    public static StepFunctionsException JsonObjectRequired(string member) =>
        StepFunctionsException.Validation($"The field '{member}' must be a JSON object.");
}
