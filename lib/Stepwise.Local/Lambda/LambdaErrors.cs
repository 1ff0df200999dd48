using Stepwise.Aws.Lambda;

namespace Stepwise.Local.Lambda;

/// <summary>Lambda's errors, in Lambda's words, in one place.</summary>
internal static class LambdaErrors
{
    public static LambdaException FunctionNotFound(string functionArn) =>
        new(LambdaErrorCodes.ResourceNotFoundException, $"Function not found: {functionArn}", 404);

    public static LambdaException InvalidParameter(string message) =>
        new(LambdaErrorCodes.InvalidParameterValueException, message, 400);

    public static LambdaException InvalidRequestContent(string message) =>
        new(LambdaErrorCodes.InvalidRequestContentException, message, 400);

    /// <summary>An operation that needs deployable code (a zip or an image): arrives with the IAM/Lambda/CodeBuild issue.</summary>
    public static LambdaException NotServedYet(string operation) =>
        new("UnknownOperationException",
            $"{operation}: the local Lambda runs .NET handlers registered in-process (cloud.Local.Lambda.Register); deploying function code arrives with its own issue.", 400);
}
