using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.StepFunctions;

/// <summary>
/// A Step Functions API error: <see cref="AwsServiceException.ErrorCode"/> is the model's error shape name (<c>ExecutionDoesNotExist</c>,
/// <c>InvalidDefinition</c>…, see <see cref="StepFunctionsErrorCodes"/>), which AWS SDKs surface as the error code;
/// the message follows AWS's wording. The factory methods build the common ones.
/// </summary>
public class StepFunctionsException(string errorCode, string message, Exception? innerException = null)
    : AwsServiceException(errorCode, message, 400, innerException)
{
    /// <summary>For <c>ValidationException</c>: one of <see cref="ValidationExceptionReason"/>, when AWS gives one.</summary>
    public string? Reason { get; init; }

    /// <summary>For <c>ResourceNotFound</c> and <c>TooManyTags</c>: the resource's ARN.</summary>
    public string? ResourceName { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<KeyValuePair<string, string>> Details
    {
        get
        {
            if (Reason is not null)
                yield return new("reason", Reason);
            if (ResourceName is not null)
                yield return new("resourceName", ResourceName);
        }
    }

    /// <summary>An execution with this name (or ARN) exists with a different input.</summary>
    public static StepFunctionsException ExecutionAlreadyExists(string executionArn) =>
        new(StepFunctionsErrorCodes.ExecutionAlreadyExists, $"Execution Already Exists: '{executionArn}'");

    public static StepFunctionsException ExecutionDoesNotExist(string executionArn) =>
        new(StepFunctionsErrorCodes.ExecutionDoesNotExist, $"Execution Does Not Exist: '{executionArn}'");

    public static StepFunctionsException ExecutionLimitExceeded(string detail) =>
        new(StepFunctionsErrorCodes.ExecutionLimitExceeded, detail);

    public static StepFunctionsException StateMachineDoesNotExist(string stateMachineArn) =>
        new(StepFunctionsErrorCodes.StateMachineDoesNotExist, $"State Machine Does Not Exist: '{stateMachineArn}'");

    /// <summary>A state machine with this name exists with a different definition or role.</summary>
    public static StepFunctionsException StateMachineAlreadyExists(string stateMachineArn) =>
        new(StepFunctionsErrorCodes.StateMachineAlreadyExists, $"State Machine Already Exists: '{stateMachineArn}'");

    public static StepFunctionsException StateMachineDeleting(string stateMachineArn) =>
        new(StepFunctionsErrorCodes.StateMachineDeleting, $"State machine is being deleted: '{stateMachineArn}'");

    public static StepFunctionsException StateMachineTypeNotSupported(string detail) =>
        new(StepFunctionsErrorCodes.StateMachineTypeNotSupported, detail);

    /// <summary>The definition is not valid ASL; <paramref name="detail"/> is e.g. <c>SCHEMA_VALIDATION_FAILED: … at /States/A</c>.</summary>
    public static StepFunctionsException InvalidDefinition(string detail) =>
        new(StepFunctionsErrorCodes.InvalidDefinition, Wrap("Invalid State Machine Definition: ", detail, quote: true));

    public static StepFunctionsException InvalidName(string name) =>
        new(StepFunctionsErrorCodes.InvalidName, $"Invalid Name: '{name}'");

    /// <summary>A malformed ARN, or one of the wrong resource type (<paramref name="detail"/> says which).</summary>
    public static StepFunctionsException InvalidArn(string detail) =>
        new(StepFunctionsErrorCodes.InvalidArn, Wrap("Invalid Arn: ", detail, quote: true));

    public static StepFunctionsException InvalidExecutionInput(string detail) =>
        new(StepFunctionsErrorCodes.InvalidExecutionInput, Wrap("Invalid execution input: ", detail, quote: false));

    public static StepFunctionsException InvalidOutput(string detail) =>
        new(StepFunctionsErrorCodes.InvalidOutput, Wrap("Invalid Output: ", detail, quote: false));

    public static StepFunctionsException InvalidToken(string detail) =>
        new(StepFunctionsErrorCodes.InvalidToken, Wrap("Invalid Token: ", detail, quote: true));

    public static StepFunctionsException TaskDoesNotExist(string taskToken) =>
        new(StepFunctionsErrorCodes.TaskDoesNotExist, $"Task Does Not Exist: '{taskToken}'");

    public static StepFunctionsException TaskTimedOut(string taskToken) =>
        new(StepFunctionsErrorCodes.TaskTimedOut, $"Task Timed Out: '{taskToken}'");

    public static StepFunctionsException ResourceNotFound(string resourceArn) =>
        new(StepFunctionsErrorCodes.ResourceNotFound, $"Resource not found: '{resourceArn}'") { ResourceName = resourceArn };

    public static StepFunctionsException TooManyTags(string resourceArn, int limit = 50) =>
        new(StepFunctionsErrorCodes.TooManyTags, $"Too many tags: a resource can have at most {limit}.") { ResourceName = resourceArn };

    public static StepFunctionsException InvalidLoggingConfiguration(string detail) =>
        new(StepFunctionsErrorCodes.InvalidLoggingConfiguration, detail);

    /// <summary>AWS's validation error, e.g. <c>1 validation error detected: Value null at 'stateMachineArn' failed to satisfy
    /// constraint: Member must not be null</c>; <paramref name="problems"/> are the parts after the count.</summary>
    public static StepFunctionsException Validation(IReadOnlyList<string> problems, string? reason = null) =>
        new(StepFunctionsErrorCodes.ValidationException, ValidationMessages.Count(problems)) { Reason = reason };

    /// <summary>A <c>ValidationException</c> with a free-form message.</summary>
    public static StepFunctionsException Validation(string message, string? reason = null) =>
        new(StepFunctionsErrorCodes.ValidationException, message) { Reason = reason };

    /// <summary>Required members that are null, as AWS words it.</summary>
    public static StepFunctionsException MissingRequiredMembers(IReadOnlyList<string> paths) =>
        Validation([.. paths.Select(ValidationMessages.MissingMember)]);

    /// <summary>A member over its length limit, as AWS words it.</summary>
    public static StepFunctionsException MemberTooLong(string path, int maxLength) =>
        Validation([$"Value at '{path}' failed to satisfy constraint: Member must have length less than or equal to {maxLength}"]);

    public override string ToString() => $"{ErrorCode}: {Message}";

    /// <summary>AWS's prefix and the detail, unless the detail is already a whole message with that prefix.</summary>
    private static string Wrap(string prefix, string detail, bool quote) =>
        detail.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? detail : quote ? $"{prefix}'{detail}'" : prefix + detail;
}
