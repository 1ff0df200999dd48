using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows.Permissions;

/// <summary>
/// Computes the IAM permissions a Step Functions execution role needs to run a definition, following AWS's
/// documented policies for each integration ("IAM policies for integrated services" in the Step Functions developer
/// guide: Lambda, SageMaker AI, Step Functions, SNS, SQS, CodeBuild, EventBridge, DynamoDB). Resources are as narrow
/// as the definition allows: a name given in the parameters becomes its ARN; a name taken from a path or a JSONata
/// expression becomes every resource of that type in the account and region (<c>…:training-job/*</c>).
/// </summary>
/// <remarks>
/// Parallel branches and Map item processors are included. Activities need no permission of the execution role (the
/// worker polls). A resource whose permissions are not known — or a feature such as a distributed Map or task
/// <c>Credentials</c> — is not guessed: <see cref="PermissionAnalysisException"/> lists every such state.
/// </remarks>
public static class WorkflowPermissions
{
    /// <summary>The permissions for <paramref name="definition"/> run in <paramref name="context"/>.</summary>
    /// <exception cref="PermissionAnalysisException">A state's resource is not one whose permissions are known.</exception>
    public static RequiredPermissions For(StateMachine definition, PermissionContext context)
    {
        var found = new List<(Permission Permission, string State)>();
        var problems = new List<string>();
        Visit(definition, "", context, found, problems);
        if (problems.Count > 0)
            throw new PermissionAnalysisException(problems);
        return new RequiredPermissions(found
            .GroupBy(f => f.Permission)
            .Select(g => (g.Key, g.Select(f => f.State).Distinct().ToImmutableArray())));
    }

    /// <summary>The permissions for an ASL JSON definition.</summary>
    /// <exception cref="Validation.InvalidDefinitionException">The text is not valid ASL.</exception>
    public static RequiredPermissions For(string aslJson, PermissionContext context) => For(StateMachine.FromJson(aslJson), context);

    /// <summary>The permissions for a workflow's definition.</summary>
    public static RequiredPermissions For(Workflow workflow, PermissionContext context) => For(workflow.Definition, context);

    /// <summary>The permissions one Task state's call is authorized for when it runs with <paramref name="parameters"/>
    /// (its effective Parameters or Arguments): the same tables as <see cref="For(StateMachine, PermissionContext)"/>,
    /// with exact resources and only the actions the call and its <c>.sync</c> wait make (what a local engine checks
    /// before calling); empty when the integration's permissions are not known.</summary>
    public static IReadOnlyList<Permission> ForCall(string resource, JsonNode? parameters, PermissionContext context)
    {
        try
        {
            return [.. IntegrationPermissions.ForCall(new TaskState("call", resource) { Parameters = parameters?.DeepClone() }, context)];
        }
        catch (NotSupportedException)
        {
            return [];
        }
    }

    private static void Visit(StateMachine machine, string prefix, PermissionContext context, List<(Permission, string)> found, List<string> problems)
    {
        foreach (var state in machine.States)
        {
            var path = prefix + state.Name;
            switch (state)
            {
                case TaskState task:
                    if (task.Credentials is not null)
                    {
                        problems.Add($"{path}: Credentials (a role assumed for the task) — the task's permissions then belong to that role; not computed.");
                        break;
                    }
                    try
                    {
                        foreach (var permission in IntegrationPermissions.For(task, context))
                            found.Add((permission, path));
                    }
                    catch (NotSupportedException e)
                    {
                        problems.Add($"{path}: {e.Message}");
                    }
                    break;
                case ParallelState parallel:
                    for (var i = 0; i < parallel.Branches.Length; i++)
                        Visit(parallel.Branches[i], $"{path}/branch {i + 1}/", context, found, problems);
                    break;
                case MapState map:
                    if (map.ProcessorConfig?.Mode == "DISTRIBUTED" || map.ItemReader is not null || map.ResultWriter is not null)
                        problems.Add($"{path}: a distributed Map (child executions, ItemReader, ResultWriter) — its permissions (states:StartExecution on the state machine itself, S3) are not computed yet.");
                    Visit(map.ItemProcessor, $"{path}/", context, found, problems);
                    break;
            }
        }
    }
}
