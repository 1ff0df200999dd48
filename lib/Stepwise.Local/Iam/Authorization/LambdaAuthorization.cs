using Stepwise.Aws.Lambda;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>Lambda's actions (Service Authorization Reference, "Actions defined by AWS Lambda"): functions by ARN
/// (Invoke is <c>lambda:InvokeFunction</c>; ListFunctions on <c>*</c>); CreateFunction and a configuration update that
/// changes the role need <c>iam:PassRole</c> to <c>lambda.amazonaws.com</c>. A denial is <c>AccessDeniedException</c>,
/// HTTP 403 (the Lambda API's Common Errors).</summary>
public static class LambdaAuthorization
{
    private const string Service = "lambda.amazonaws.com";

    /// <summary>The function's ARN, from a name, a partial ARN (<c>account:function:name</c>) or an ARN.</summary>
    public static string FunctionArn(AuthorizationScope scope, string function) =>
        function.StartsWith("arn:", StringComparison.Ordinal) ? function
        : function.Split(':') is [var account, "function", var name, ..] ? $"arn:aws:lambda:{scope.Region}:{account}:function:{name}"
        : scope.Arn("lambda", $"function:{function}");

    /// <summary>The table.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(LambdaOperations.Service, "lambda", "AccessDeniedException", 403)
        .Add<CreateFunctionRequest>("CreateFunction", (i, s) =>
            [new("lambda:CreateFunction", FunctionArn(s, i.FunctionName)), RequiredAccess.PassRole(i.Role, Service)])
        .Add<GetFunctionRequest>("GetFunction", (i, s) => FunctionArn(s, i.FunctionName))
        .Add<DeleteFunctionRequest>("DeleteFunction", (i, s) => FunctionArn(s, i.FunctionName))
        .Add<InvocationRequest>("Invoke", (i, s) => [new("lambda:InvokeFunction", FunctionArn(s, i.FunctionName))])
        .Add<ListFunctionsRequest>("ListFunctions", (_, _) => "*")
        .Add<UpdateFunctionCodeRequest>("UpdateFunctionCode", (i, s) => FunctionArn(s, i.FunctionName))
        .Add<UpdateFunctionConfigurationRequest>("UpdateFunctionConfiguration", (i, s) => i.Role is { } role
            ? [new("lambda:UpdateFunctionConfiguration", FunctionArn(s, i.FunctionName)), RequiredAccess.PassRole(role, Service)]
            : [new("lambda:UpdateFunctionConfiguration", FunctionArn(s, i.FunctionName))])
        .Build();
}
