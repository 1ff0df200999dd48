using Stepwise.Aws.Lambda;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Lambda;

/// <summary>Lambda's errors, in Lambda's words, in one place.</summary>
internal static class LambdaErrors
{
    /// <summary>Lambda's pattern of a function name (also what keeps a name a safe folder name under the data directory).</summary>
    public const string FunctionNamePattern =
        @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>Lambda's pattern of an execution role.</summary>
    public const string RolePattern = @"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+";

    public static LambdaException FunctionNotFound(string functionArn) =>
        new(LambdaErrorCodes.ResourceNotFoundException, $"Function not found: {functionArn}", 404);

    public static LambdaException InvalidParameter(string message) =>
        new(LambdaErrorCodes.InvalidParameterValueException, message, 400);

    /// <summary>CreateFunction's refusal of a role <c>lambda.amazonaws.com</c> cannot assume (AWS's words, as boto3 and
    /// CloudFormation users quote them).</summary>
    public static LambdaException RoleCannotBeAssumed() =>
        new(LambdaErrorCodes.InvalidParameterValueException, "The role defined for the function cannot be assumed by Lambda.", 400);

    public static LambdaException InvalidRequestContent(string message) =>
        new(LambdaErrorCodes.InvalidRequestContentException, message, 400);

    /// <summary>A constraint of the model (pattern, range): Lambda's <c>ValidationException</c>.</summary>
    public static LambdaException Validation(string problem) =>
        new("ValidationException", ValidationMessages.Count([problem]), 400);

    public static string PatternProblem(string member, string? value, string pattern) =>
        $"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}";

    public static string RangeProblem(string member, int value, int min, int max) =>
        $"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {(value < min ? $"greater than or equal to {min}" : $"less than or equal to {max}")}";

    public static LambdaException FunctionExists(string name) =>
        new(LambdaErrorCodes.ResourceConflictException, $"Function already exist: {name}", 409);

    public static LambdaException RevisionMismatch() =>
        new(LambdaErrorCodes.PreconditionFailedException,
            "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id", 412);

    public static LambdaException RuntimeAndHandlerRequired() =>
        InvalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");

    public static LambdaException UnknownRuntime(string runtime) =>
        InvalidParameter($"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", Runtime.Values)}] or be a valid ARN");

    /// <summary>A runtime AWS knows but the local Lambda does not run (it runs a zip's own <c>bootstrap</c>).</summary>
    public static LambdaException RuntimeNotRunLocally(string runtime) =>
        InvalidParameter($"The runtime parameter of {runtime} is not run by the local Lambda, which runs a package's own bootstrap: use "
                         + $"{string.Join(" or ", LocalRuntimes.Custom)} and publish the function as a program whose executable is named bootstrap "
                         + "(Stepwise.Lambda.Runtime gives .NET programs the runtime-API loop).");

    public static LambdaException CouldNotUnzip() =>
        InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");

    public static LambdaException UnzippedTooLarge(long limit) =>
        InvalidParameter($"Unzipped size must be smaller than {limit} bytes");

    public static LambdaException NoCode() =>
        InvalidParameter("Please provide a source for function code.");

    public static LambdaException ImageNotServed() =>
        InvalidParameter("The local Lambda runs .zip file archives (PackageType Zip); container images (ImageUri) are not run locally.");

    public static LambdaException S3GetObject(string code, string message) =>
        InvalidParameter($"Error occurred while GetObject. S3 Error Code: {code}. S3 Error Message: {message}");

    public static LambdaException ReservedEnvironmentKeys(IEnumerable<string> keys) =>
        InvalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
                         + string.Join(", ", keys));

    public static LambdaException RequestTooLarge(int limit) =>
        new(LambdaErrorCodes.RequestTooLargeException, $"Request must be smaller than {limit} bytes for the InvokeFunction operation", 413);

    public static LambdaException DelegateCodeNotUpdatable(string name) =>
        InvalidParameter($"Function {name} is a .NET handler registered in-process (cloud.Local.Lambda.Register); its code and configuration change by registering it again.");
}
