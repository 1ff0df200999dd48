using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Iam;
using Stepwise.Local.Iam.Authorization;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows.Permissions;
using Stepwise.Workflows.Validation;

namespace Stepwise.Local.StepFunctions;

/// <summary>
/// IAM on the execution roles, as Step Functions enforces it: CreateStateMachine and UpdateStateMachine need a role whose
/// trust policy lets <c>states.amazonaws.com</c> (or <c>states.{region}.amazonaws.com</c>) assume it, and that may create
/// the managed EventBridge rules its <c>.sync</c> tasks follow jobs with; each Task state's call is evaluated for the
/// role's session (identity policies and boundary) with the permissions <see cref="WorkflowPermissions.ForCall"/> computes
/// from the same tables as the definition's analysis. A denial fails the task with the service SDK's error
/// (<c>Lambda.AWSLambdaException</c>, <c>SageMaker.AmazonSageMakerException</c>) and AWS's AccessDenied text, so Retry
/// and Catch see it. The session is <c>arn:aws:sts::{account}:assumed-role/{role}/{id}</c>, where the id is 32 letters
/// derived from the execution's ARN (AWS's is a random 32-letter id per execution).
/// </summary>
public sealed class ExecutionRoleAuthorizer(LocalIam iam, IAccessChecker access, string region, string accountId, TimeProvider? time = null)
    : IExecutionRoleAuthorizer
{
    /// <summary>The error of a Lambda call refused by IAM, as Step Functions names the SDK's exception.</summary>
    public const string LambdaError = "Lambda.AWSLambdaException";

    /// <summary>CreateStateMachine's refusal of a role Step Functions cannot assume (AWS's words).</summary>
    public const string CannotAssumeMessage = "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly PermissionContext _context = new(accountId, region);

    /// <inheritdoc/>
    public void CheckStateMachineRole(string stateMachineArn, string roleArn, string definition)
    {
        if (!(ServiceRoleTrust.Allows(iam, roleArn, "states.amazonaws.com", stateMachineArn, accountId, _time)
              || ServiceRoleTrust.Allows(iam, roleArn, $"states.{region}.amazonaws.com", stateMachineArn, accountId, _time)))
            throw new StepFunctionsException("AccessDeniedException", CannotAssumeMessage);

        IReadOnlyList<Permission> permissions;
        try
        {
            permissions = WorkflowPermissions.For(definition, _context).Permissions;
        }
        catch (Exception e) when (e is PermissionAnalysisException or InvalidDefinitionException)
        {
            return; // a definition the analysis cannot follow (a distributed Map, task Credentials): its tasks are still checked when they run
        }
        var caller = Session(roleArn, stateMachineArn);
        foreach (var rule in permissions.Where(p => p.Action.StartsWith("events:", StringComparison.Ordinal) && p.Resource.Contains(":rule/StepFunctionsGetEventsFor", StringComparison.Ordinal)))
            if (!access.Decide(caller, rule.Action, rule.Resource).IsAllowed)
                throw new StepFunctionsException("AccessDeniedException", ManagedRuleMessage(roleArn));
    }

    /// <inheritdoc/>
    public void AuthorizeTask(TaskInvocation invocation)
    {
        var caller = Session(invocation.RoleArn, invocation.ExecutionArn);
        foreach (var permission in WorkflowPermissions.ForCall(invocation.Resource, invocation.Payload, _context))
        {
            var decision = access.Decide(caller, permission.Action, permission.Resource, Context(permission.Condition));
            if (decision.IsAllowed)
                continue;
            var message = decision.Message!;
            throw permission.Action.Split(':')[0] switch
            {
                "lambda" => new StatesException(LambdaError,
                    $"{message} (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: {Guid.NewGuid()}; Proxy: null)"),
                "sagemaker" or "iam" when invocation.Service.StartsWith(SageMakerIntegration.Prefix, StringComparison.Ordinal) =>
                    SageMakerIntegration.ToStatesError(new SageMakerException("AccessDeniedException", message)),
                "events" => new StatesException(StatesErrors.TaskFailed,
                    $"{ManagedRuleMessage(invocation.RoleArn)} (Service: AWSStepFunctions; Status Code: 400; Error Code: AccessDeniedException; Request ID: {Guid.NewGuid()}; Proxy: null)"),
                _ => new StatesException(StatesErrors.TaskFailed, message),
            };
        }
    }

    /// <summary>AWS's refusal when the role may not create a <c>.sync</c> task's managed rule.</summary>
    public static string ManagedRuleMessage(string roleArn) => $"'{roleArn}' is not authorized to create managed-rule.";

    /// <summary>The 32-letter session name of the role's session for <paramref name="executionArn"/>: stable, so a
    /// retried or resumed task acts as the same session.</summary>
    public static string SessionName(string executionArn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(executionArn));
        const string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Create(32, hash, (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = letters[h[i] % letters.Length];
        });
    }

    /// <summary>The role's session as Step Functions acts with it (not stored: a session of a service that lives as long
    /// as the execution, so it never expires under a long training job).</summary>
    private CallerIdentity Session(string roleArn, string executionArn) =>
        ServiceRoleTrust.Session(iam, roleArn, SessionName(executionArn), accountId, _time);

    /// <summary>The request's keys a permission's condition names (<c>iam:PassedToService</c>), with the values it expects.</summary>
    private static Dictionary<string, IReadOnlyList<string>>? Context(string? condition)
    {
        if (condition is null || JsonNode.Parse(condition) is not JsonObject operators)
            return null;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (_, block) in operators)
            foreach (var (key, value) in block as JsonObject ?? [])
                keys[key] = value is JsonArray values ? [.. values.Select(v => v!.GetValue<string>())] : [value!.GetValue<string>()];
        return keys;
    }
}
