using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows.Permissions;

/// <summary>
/// The permissions of one Task state, per integration, after AWS's templates in the Step Functions developer guide
/// (docs.aws.amazon.com/step-functions/latest/dg/): <c>lambda-iam.html</c>, <c>sagemaker-iam.html</c>,
/// <c>stepfunctions-iam.html</c>, <c>sns-iam.html</c>, <c>sqs-iam.html</c>, <c>codebuild-iam.html</c>,
/// <c>eventbridge-iam.html</c>, <c>dynamo-iam.html</c>; and <c>connect-aws-sdk.html</c> for <c>aws-sdk:</c> tasks.
/// </summary>
internal static class IntegrationPermissions
{
    private const string ServiceIntegrationPrefix = "arn:aws:states:::";

    /// <summary>A SageMaker API Step Functions integrates: the resource type in its ARN, the request field naming it,
    /// where the role SageMaker assumes is given, and, for jobs, what <c>.sync</c> needs to follow the job.</summary>
    private sealed record SageMakerApi(string Action, string ResourceType, string NameField, string[]? RolePath, bool IsJob, string[] SyncActions, string? RuleName)
    {
        /// <summary>Another resource the action is authorized on: an endpoint is created or updated from an endpoint configuration.</summary>
        public (string ResourceType, string NameField)? Also { get; init; }
    }

    private static readonly Dictionary<string, SageMakerApi> SageMaker = new(StringComparer.Ordinal)
    {
        ["createTrainingJob"] = new("CreateTrainingJob", "training-job", "TrainingJobName", ["RoleArn"], true,
            ["DescribeTrainingJob", "StopTrainingJob"], "StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
        ["createTransformJob"] = new("CreateTransformJob", "transform-job", "TransformJobName", null, true,
            ["DescribeTransformJob", "StopTransformJob"], "StepFunctionsGetEventsForSageMakerTransformJobsRule"),
        ["createProcessingJob"] = new("CreateProcessingJob", "processing-job", "ProcessingJobName", ["RoleArn"], true,
            ["DescribeProcessingJob", "StopProcessingJob"], "StepFunctionsGetEventsForSageMakerProcessingJobsRule"),
        ["createHyperParameterTuningJob"] = new("CreateHyperParameterTuningJob", "hyper-parameter-tuning-job", "HyperParameterTuningJobName", ["TrainingJobDefinition", "RoleArn"], true,
            ["DescribeHyperParameterTuningJob", "StopHyperParameterTuningJob", "ListTrainingJobsForHyperParameterTuningJob"], "StepFunctionsGetEventsForSageMakerHyperParameterTuningJobsRule"),
        ["createLabelingJob"] = new("CreateLabelingJob", "labeling-job", "LabelingJobName", ["RoleArn"], true,
            ["DescribeLabelingJob", "StopLabelingJob"], "StepFunctionsGetEventsForSageMakerLabelingJobsRule"),
        ["createModel"] = new("CreateModel", "model", "ModelName", ["ExecutionRoleArn"], false, [], null),
        ["createEndpointConfig"] = new("CreateEndpointConfig", "endpoint-config", "EndpointConfigName", null, false, [], null),
        ["createEndpoint"] = new("CreateEndpoint", "endpoint", "EndpointName", null, false, [], null) { Also = ("endpoint-config", "EndpointConfigName") },
        ["updateEndpoint"] = new("UpdateEndpoint", "endpoint", "EndpointName", null, false, [], null) { Also = ("endpoint-config", "EndpointConfigName") },
    };

    /// <summary>IAM's service prefix where it differs from the aws-sdk integration's service name.</summary>
    private static readonly Dictionary<string, string> SdkServicePrefixes = new(StringComparer.Ordinal)
    {
        ["sfn"] = "states",
        ["cloudwatchlogs"] = "logs",
        ["eventbridge"] = "events",
        ["sagemakerruntime"] = "sagemaker",
        ["apigateway"] = "apigateway",
        ["elasticloadbalancingv2"] = "elasticloadbalancing",
    };

    public static IEnumerable<Permission> For(TaskState task, PermissionContext context) => For(task, context, concrete: false);

    /// <summary>What the call itself is authorized for, its parameters resolved: exact resources (no <c>name*</c>
    /// job patterns, no <c>function:*</c> versions), and only the actions a call and its <c>.sync</c> wait make —
    /// not <c>Stop*</c> (called only when the task is stopped) nor <c>ListTags</c>.</summary>
    public static IEnumerable<Permission> ForCall(TaskState task, PermissionContext context) => For(task, context, concrete: true);

    private static IEnumerable<Permission> For(TaskState task, PermissionContext context, bool concrete)
    {
        var resource = task.Resource;
        if (resource.StartsWith("arn:aws:states:", StringComparison.Ordinal) && resource.Contains(":activity:", StringComparison.Ordinal))
            return []; // an activity's worker calls GetActivityTask; the execution role needs nothing
        if (resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal) || resource.StartsWith("arn:aws-", StringComparison.Ordinal) && resource.Contains(":lambda:", StringComparison.Ordinal))
            return LambdaInvoke(FunctionArns(resource, context)[..(concrete ? 1 : ^0)]);
        if (!resource.StartsWith(ServiceIntegrationPrefix, StringComparison.Ordinal))
            throw new NotSupportedException($"resource '{resource}' is neither a service integration (arn:aws:states:::…), a Lambda function nor an activity.");

        var integration = resource[ServiceIntegrationPrefix.Length..];
        var (service, api, pattern) = Split(integration);
        var request = new Request(task);
        return service switch
        {
            "lambda" when api == "invoke" && pattern is "" or ".waitForTaskToken" => Lambda(request, context, concrete),
            "sagemaker" when SageMaker.TryGetValue(api, out var sageMaker) => SageMakerTask(sageMaker, pattern, request, context, resource, concrete),
            "states" when api == "startExecution" && pattern is "" or ".sync" or ".sync:2" or ".waitForTaskToken" => StartExecution(pattern, request, context),
            "sns" when api == "publish" && pattern is "" or ".waitForTaskToken" => Sns(request, context),
            "sqs" when api == "sendMessage" && pattern is "" or ".waitForTaskToken" => Sqs(request, context),
            "codebuild" when api is "startBuild" && pattern is "" or ".sync" => CodeBuild(pattern, request, context),
            "events" when api == "putEvents" && pattern is "" or ".waitForTaskToken" => PutEvents(request, context),
            "dynamodb" when api is "getItem" or "putItem" or "updateItem" or "deleteItem" && pattern == "" => DynamoDb(api, request, context),
            "aws-sdk" => AwsSdk(integration, pattern),
            _ => throw new NotSupportedException($"resource '{resource}': the permissions of this integration (or of its '{pattern}' pattern) are not known to the analysis."),
        };
    }

    private static (string Service, string Api, string Pattern) Split(string integration)
    {
        var colon = integration.IndexOf(':');
        if (colon < 0) return (integration, "", "");
        var service = integration[..colon];
        var rest = integration[(colon + 1)..];
        if (service == "aws-sdk") return (service, rest, PatternOf(rest));
        var dot = rest.IndexOf('.');
        return dot < 0 ? (service, rest, "") : (service, rest[..dot], rest[dot..]);
    }

    private static string PatternOf(string rest)
    {
        var dot = rest.IndexOf('.');
        return dot < 0 ? "" : rest[dot..];
    }

    // --- Lambda: lambda:InvokeFunction on the function and its versions and aliases (lambda-iam.html) ---

    private static IEnumerable<Permission> Lambda(Request request, PermissionContext context, bool concrete)
    {
        var function = request.Field("FunctionName");
        var qualifier = request.Field("Qualifier");
        if (function.IsAbsent)
            throw new NotSupportedException("lambda:invoke without FunctionName.");
        if (function.IsDynamic)
            return LambdaInvoke([context.Arn("lambda", "function:*")]);
        var arns = FunctionArns(function.Value!, context);
        if (qualifier.IsAbsent)
            return LambdaInvoke(concrete ? arns[..1] : arns);
        var unqualified = arns[0];
        if (arns.Length == 1)
            throw new NotSupportedException($"FunctionName '{function.Value}' has a qualifier and Qualifier is given too.");
        return LambdaInvoke(qualifier.IsDynamic ? arns : [$"{unqualified}:{qualifier.Value}"]);
    }

    private static IEnumerable<Permission> LambdaInvoke(string[] arns) => arns.Select(a => new Permission("lambda:InvokeFunction", a));

    /// <summary>A function given as a name, <c>name:qualifier</c>, <c>account:function:name</c> or an ARN: its ARN, and
    /// <c>ARN:*</c> (every version and alias) when no qualifier is given, as the console's generated policies do.</summary>
    private static string[] FunctionArns(string function, PermissionContext context)
    {
        string arn;
        if (function.StartsWith("arn:", StringComparison.Ordinal))
            arn = function;
        else
        {
            var parts = function.Split(':');
            arn = parts switch
            {
                [var name] => context.Arn("lambda", $"function:{name}"),
                [var name, var qualifier] => context.Arn("lambda", $"function:{name}:{qualifier}"),
                [var account, "function", var name] => $"arn:{context.Partition}:lambda:{context.Region}:{account}:function:{name}",
                [var account, "function", var name, var qualifier] => $"arn:{context.Partition}:lambda:{context.Region}:{account}:function:{name}:{qualifier}",
                _ => throw new NotSupportedException($"FunctionName '{function}' is not a function name, name:qualifier, partial ARN or ARN."),
            };
        }
        // arn:aws:lambda:region:account:function:name[:qualifier]
        // (${AWS::Region}-style placeholders have colons of their own.)
        var qualified = Regex.Replace(arn, @"\$\{[^}]*\}", "x").Split(':').Length > 7;
        return qualified ? [arn] : [arn, arn + ":*"];
    }

    // --- SageMaker AI (sagemaker-iam.html) ---

    private static IEnumerable<Permission> SageMakerTask(SageMakerApi api, string pattern, Request request, PermissionContext context, string resource, bool concrete)
    {
        if (pattern == ".waitForTaskToken")
            throw new NotSupportedException($"resource '{resource}': Step Functions' SageMaker integration does not support .waitForTaskToken.");
        if (pattern == ".sync" && !api.IsJob)
            throw new NotSupportedException($"resource '{resource}': .sync is only for SageMaker jobs (training, transform, processing, tuning, labeling).");
        if (pattern is not ("" or ".sync"))
            throw new NotSupportedException($"resource '{resource}': unknown integration pattern '{pattern}'.");

        // SageMaker writes names lower-case in its ARNs; jobs end in '*' as in AWS's templates.
        string ArnOf(string resourceType, string field, bool isJob)
        {
            var name = request.Field(field);
            return context.Arn("sagemaker", name.IsStatic ? $"{resourceType}/{name.Value!.ToLowerInvariant()}{(isJob && !concrete ? "*" : "")}" : $"{resourceType}/*");
        }
        var arn = ArnOf(api.ResourceType, api.NameField, api.IsJob);

        var actions = new List<string> { api.Action };
        if (pattern == ".sync")
            actions.AddRange(concrete ? api.SyncActions[..1] : api.SyncActions); // the first is Describe*, what following the job calls
        if (!request.Field("Tags").IsAbsent)
            actions.Add("AddTags"); // tags given on create are added with sagemaker:AddTags on the new resource
        foreach (var action in actions)
            yield return new Permission($"sagemaker:{action}", arn);
        if (api.Also is var (alsoType, alsoField))
            yield return new Permission($"sagemaker:{api.Action}", ArnOf(alsoType, alsoField, false));
        if (!concrete)
            yield return new Permission("sagemaker:ListTags", "*");

        if (api.RolePath is { } rolePath)
        {
            var role = request.Field(rolePath);
            if (role.IsAbsent)
                throw new NotSupportedException($"resource '{resource}': no {string.Join('.', rolePath)} — the role SageMaker assumes must be passed.");
            yield return new Permission("iam:PassRole", role.IsStatic ? role.Value! : "*", PolicyConditions.PassedToService("sagemaker.amazonaws.com"));
        }

        if (pattern == ".sync" && api.RuleName is { } rule)
            foreach (var action in (string[])["events:PutTargets", "events:PutRule", "events:DescribeRule"])
                yield return new Permission(action, context.Arn("events", $"rule/{rule}"));
    }

    // --- Step Functions (stepfunctions-iam.html) ---

    private static IEnumerable<Permission> StartExecution(string pattern, Request request, PermissionContext context)
    {
        var machine = request.Field("StateMachineArn");
        if (machine.IsAbsent)
            throw new NotSupportedException("states:startExecution without StateMachineArn.");
        var machineArn = machine.IsStatic ? machine.Value! : context.Arn("states", "stateMachine:*");
        yield return new Permission("states:StartExecution", machineArn);
        if (pattern is ".sync" or ".sync:2")
        {
            var executions = machine.IsStatic
                ? machineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":*"
                : context.Arn("states", "execution:*");
            yield return new Permission("states:DescribeExecution", executions);
            yield return new Permission("states:StopExecution", executions);
            foreach (var action in (string[])["events:PutTargets", "events:PutRule", "events:DescribeRule"])
                yield return new Permission(action, context.Arn("events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"));
        }
    }

    // --- SNS, SQS, CodeBuild, EventBridge, DynamoDB ---

    private static IEnumerable<Permission> Sns(Request request, PermissionContext context)
    {
        var topic = request.Field("TopicArn");
        var target = request.Field("TargetArn");
        var arn = topic.IsStatic ? topic.Value! : target.IsStatic ? target.Value! : context.Arn("sns", "*");
        return [new Permission("sns:Publish", arn)];
    }

    private static IEnumerable<Permission> Sqs(Request request, PermissionContext context)
    {
        var url = request.Field("QueueUrl");
        if (url.IsAbsent)
            throw new NotSupportedException("sqs:sendMessage without QueueUrl.");
        var arn = context.Arn("sqs", "*");
        if (url.IsStatic)
        {
            // https://sqs.us-east-1.amazonaws.com/123456789012/queue-name
            var uri = new Uri(url.Value!);
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            var region = uri.Host.Split('.') is ["sqs", var r, ..] ? r : context.Region;
            arn = segments.Length == 2 ? $"arn:{context.Partition}:sqs:{region}:{segments[0]}:{segments[1]}"
                : throw new NotSupportedException($"QueueUrl '{url.Value}' is not https://sqs.<region>.amazonaws.com/<account>/<queue>.");
        }
        return [new Permission("sqs:SendMessage", arn)];
    }

    private static IEnumerable<Permission> CodeBuild(string pattern, Request request, PermissionContext context)
    {
        var project = request.Field("ProjectName");
        if (project.IsAbsent)
            throw new NotSupportedException("codebuild:startBuild without ProjectName.");
        var arn = project.IsStatic
            ? project.Value!.StartsWith("arn:", StringComparison.Ordinal) ? project.Value : context.Arn("codebuild", $"project/{project.Value}")
            : context.Arn("codebuild", "project/*");
        yield return new Permission("codebuild:StartBuild", arn);
        if (pattern == ".sync")
        {
            yield return new Permission("codebuild:StopBuild", arn);
            yield return new Permission("codebuild:BatchGetBuilds", arn);
            foreach (var action in (string[])["events:PutTargets", "events:PutRule", "events:DescribeRule"])
                yield return new Permission(action, context.Arn("events", "rule/StepFunctionsGetEventsForCodeBuildStartBuildRule"));
        }
    }

    private static IEnumerable<Permission> PutEvents(Request request, PermissionContext context)
    {
        var entries = request.Node("Entries");
        if (entries is not JsonArray list)
            return [new Permission("events:PutEvents", context.Arn("events", "event-bus/*"))];
        return list.Select(entry =>
        {
            var bus = new Request(entry).Field("EventBusName");
            var arn = bus.IsAbsent ? context.Arn("events", "event-bus/default")
                : bus.IsDynamic ? context.Arn("events", "event-bus/*")
                : bus.Value!.StartsWith("arn:", StringComparison.Ordinal) ? bus.Value : context.Arn("events", $"event-bus/{bus.Value}");
            return new Permission("events:PutEvents", arn);
        }).Distinct().ToArray();
    }

    private static IEnumerable<Permission> DynamoDb(string api, Request request, PermissionContext context)
    {
        var table = request.Field("TableName");
        if (table.IsAbsent)
            throw new NotSupportedException($"dynamodb:{api} without TableName.");
        var arn = table.IsStatic
            ? table.Value!.StartsWith("arn:", StringComparison.Ordinal) ? table.Value : context.Arn("dynamodb", $"table/{table.Value}")
            : context.Arn("dynamodb", "table/*");
        return [new Permission($"dynamodb:{char.ToUpperInvariant(api[0])}{api[1..]}", arn)];
    }

    /// <summary><c>arn:aws:states:::aws-sdk:service:apiAction</c> calls the API action itself; the analysis cannot tell its
    /// resource from the request in general, so it asks for <c>*</c> (as the console's generated policy does).</summary>
    private static IEnumerable<Permission> AwsSdk(string integration, string pattern)
    {
        if (pattern is not ("" or ".waitForTaskToken"))
            throw new NotSupportedException($"aws-sdk integrations support no '{pattern}' pattern.");
        var parts = integration.Split(':');
        if (parts.Length != 3)
            throw new NotSupportedException($"'{integration}' is not aws-sdk:<service>:<apiAction>.");
        var service = parts[1];
        var action = parts[2].Split('.')[0];
        var prefix = SdkServicePrefixes.GetValueOrDefault(service, service);
        return [new Permission($"{prefix}:{char.ToUpperInvariant(action[0])}{action[1..]}", "*")];
    }

    /// <summary>A request field: given in the definition, taken from a path or JSONata at run time, or absent.</summary>
    private readonly record struct Field(string? Value, bool IsDynamic)
    {
        public bool IsAbsent => Value is null && !IsDynamic;
        public bool IsStatic => Value is not null;
    }

    /// <summary>The task's request: <c>Parameters</c> (JSONPath, <c>Field.$</c> for a path) or <c>Arguments</c> (JSONata, <c>{% … %}</c>).</summary>
    private sealed class Request
    {
        private readonly JsonNode? _root;
        private readonly bool _wholeIsDynamic;

        public Request(TaskState task)
        {
            _root = task.Parameters ?? task.Arguments;
            _wholeIsDynamic = _root is JsonValue v && v.TryGetValue<string>(out var s) && IsJsonata(s);
        }

        public Request(JsonNode? node) => _root = node;

        public JsonNode? Node(string name) => (_root as JsonObject)?[name];

        public Field Field(params string[] path)
        {
            if (_wholeIsDynamic) return new Field(null, true);
            var node = _root;
            for (var i = 0; i < path.Length; i++)
            {
                if (node is not JsonObject obj) return default;
                if (obj.ContainsKey(path[i] + ".$")) return new Field(null, true);
                node = obj[path[i]];
                if (node is JsonValue v && v.TryGetValue<string>(out var s) && IsJsonata(s)) return new Field(null, true);
                if (node is null) return default;
            }
            return node is JsonValue value && value.TryGetValue<string>(out var text) ? new Field(text, false)
                : node is not null ? new Field(node.ToJsonString(), false) : default;
        }

        private static bool IsJsonata(string s) => s.StartsWith("{%", StringComparison.Ordinal) && s.EndsWith("%}", StringComparison.Ordinal);
    }
}
