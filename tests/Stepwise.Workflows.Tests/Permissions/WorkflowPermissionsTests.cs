using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Permissions;

namespace Stepwise.Workflows.Tests.Permissions;

/// <summary>The execution role's permissions computed from a definition, per integration, after AWS's templates.</summary>
public sealed class WorkflowPermissionsTests
{
    private static readonly PermissionContext Context = new("123456789012", "us-east-1");
    private const string SageMakerRole = "arn:aws:iam::123456789012:role/StepwiseSageMakerExecutionRole";
    private static readonly string PassedToSageMaker = PolicyConditions.PassedToService("sagemaker.amazonaws.com");

    /// <summary>A one-state machine with <paramref name="resource"/> and <paramref name="parameters"/> (JSON).</summary>
    private static string OneTask(string resource, string parameters) => $$"""
        { "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "{{resource}}", "Parameters": {{parameters}}, "End": true } } }
        """;

    private static string[] Lines(RequiredPermissions required) => [.. required.Permissions.Select(p => p.ToString())];

    [Fact]
    public void ForCall_gives_the_exact_resources_and_only_the_actions_a_sync_training_call_makes()
    {
        var parameters = JsonNode.Parse($$"""{ "TrainingJobName": "Job-1", "RoleArn": "{{SageMakerRole}}", "Tags": [] }""");

        var permissions = WorkflowPermissions.ForCall("arn:aws:states:::sagemaker:createTrainingJob.sync", parameters, Context);

        Assert.Equal(
            ["sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
             "sagemaker:DescribeTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
             "sagemaker:AddTags on arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
             $"iam:PassRole on {SageMakerRole} when {PassedToSageMaker}",
             .. ((string[])["events:PutTargets", "events:PutRule", "events:DescribeRule"]).Select(a =>
                 $"{a} on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule")],
            permissions.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("arn:aws:states:::lambda:invoke", """{ "FunctionName": "build" }""", "arn:aws:lambda:us-east-1:123456789012:function:build")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:build", "{}", "arn:aws:lambda:us-east-1:123456789012:function:build")]
    public void ForCall_invokes_the_function_itself_not_its_versions(string resource, string parameters, string function) =>
        Assert.Equal([$"lambda:InvokeFunction on {function}"], WorkflowPermissions.ForCall(resource, JsonNode.Parse(parameters), Context).Select(p => p.ToString()));

    [Fact]
    public void ForCall_of_an_integration_whose_permissions_are_not_known_is_empty() =>
        Assert.Empty(WorkflowPermissions.ForCall("arn:aws:states:::glue:startJobRun", JsonNode.Parse("{}"), Context));

    public static TheoryData<string, string, string[]> Integrations() => new()
    {
        {
            "lambda:invoke with a function name: the function and its versions",
            OneTask("arn:aws:states:::lambda:invoke", """{ "FunctionName": "build", "Payload.$": "$" }"""),
            ["lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:build",
             "lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:build:*"]
        },
        {
            "lambda:invoke with an alias: that alias only",
            OneTask("arn:aws:states:::lambda:invoke", """{ "FunctionName": "build:prod" }"""),
            ["lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:build:prod"]
        },
        {
            "lambda:invoke with another account's ARN",
            OneTask("arn:aws:states:::lambda:invoke.waitForTaskToken", """{ "FunctionName": "arn:aws:lambda:eu-west-1:210987654321:function:f", "Payload": { "token.$": "$$.Task.Token" } }"""),
            ["lambda:InvokeFunction on arn:aws:lambda:eu-west-1:210987654321:function:f",
             "lambda:InvokeFunction on arn:aws:lambda:eu-west-1:210987654321:function:f:*"]
        },
        {
            "lambda:invoke with the name from a path: every function of the account",
            OneTask("arn:aws:states:::lambda:invoke", """{ "FunctionName.$": "$.fn" }"""),
            ["lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:*"]
        },
        {
            "a function ARN as the resource",
            """{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:direct", "End": true } } }""",
            ["lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:direct",
             "lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:direct:*"]
        },
        {
            "createTrainingJob.sync with a static name (lower-cased, as SageMaker's ARNs are)",
            OneTask("arn:aws:states:::sagemaker:createTrainingJob.sync", $$"""{ "TrainingJobName": "MaskRCNN-1", "RoleArn": "{{SageMakerRole}}" }"""),
            ["sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/maskrcnn-1*",
             "sagemaker:DescribeTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/maskrcnn-1*",
             "sagemaker:StopTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/maskrcnn-1*",
             "sagemaker:ListTags on *",
             $"iam:PassRole on {SageMakerRole} when {PolicyConditions.PassedToService("sagemaker.amazonaws.com")}",
             "events:PutTargets on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule",
             "events:PutRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule",
             "events:DescribeRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"]
        },
        {
            "createTrainingJob (request-response) with the name from the input and tags",
            OneTask("arn:aws:states:::sagemaker:createTrainingJob", $$"""{ "TrainingJobName.$": "$.name", "RoleArn": "{{SageMakerRole}}", "Tags": [ { "Key": "k", "Value": "v" } ] }"""),
            ["sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/*",
             "sagemaker:AddTags on arn:aws:sagemaker:us-east-1:123456789012:training-job/*",
             "sagemaker:ListTags on *",
             $"iam:PassRole on {SageMakerRole} when {PolicyConditions.PassedToService("sagemaker.amazonaws.com")}"]
        },
        {
            "createModel passes its execution role",
            OneTask("arn:aws:states:::sagemaker:createModel", $$"""{ "ModelName": "m", "ExecutionRoleArn.$": "$.role", "PrimaryContainer": { "Image": "i" } }"""),
            ["sagemaker:CreateModel on arn:aws:sagemaker:us-east-1:123456789012:model/m",
             "sagemaker:ListTags on *",
             $"iam:PassRole on * when {PolicyConditions.PassedToService("sagemaker.amazonaws.com")}"]
        },
        {
            "createEndpointConfig",
            OneTask("arn:aws:states:::sagemaker:createEndpointConfig", """{ "EndpointConfigName": "Config", "ProductionVariants": [] }"""),
            ["sagemaker:CreateEndpointConfig on arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/config", "sagemaker:ListTags on *"]
        },
        {
            "createEndpoint with the name from the context object",
            OneTask("arn:aws:states:::sagemaker:createEndpoint", """{ "EndpointName.$": "$$.Execution.Input.name", "EndpointConfigName": "c" }"""),
            ["sagemaker:CreateEndpoint on arn:aws:sagemaker:us-east-1:123456789012:endpoint/*",
             "sagemaker:CreateEndpoint on arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/c", "sagemaker:ListTags on *"]
        },
        {
            "updateEndpoint",
            OneTask("arn:aws:states:::sagemaker:updateEndpoint", """{ "EndpointName": "e", "EndpointConfigName": "c2" }"""),
            ["sagemaker:UpdateEndpoint on arn:aws:sagemaker:us-east-1:123456789012:endpoint/e",
             "sagemaker:UpdateEndpoint on arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/c2", "sagemaker:ListTags on *"]
        },
        {
            "createTransformJob.sync passes no role",
            OneTask("arn:aws:states:::sagemaker:createTransformJob.sync", """{ "TransformJobName": "t", "ModelName": "m" }"""),
            ["sagemaker:CreateTransformJob on arn:aws:sagemaker:us-east-1:123456789012:transform-job/t*",
             "sagemaker:DescribeTransformJob on arn:aws:sagemaker:us-east-1:123456789012:transform-job/t*",
             "sagemaker:StopTransformJob on arn:aws:sagemaker:us-east-1:123456789012:transform-job/t*",
             "sagemaker:ListTags on *",
             "events:PutTargets on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule",
             "events:PutRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule",
             "events:DescribeRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule"]
        },
        {
            "createProcessingJob.sync",
            OneTask("arn:aws:states:::sagemaker:createProcessingJob.sync", $$"""{ "ProcessingJobName": "p", "RoleArn": "{{SageMakerRole}}" }"""),
            ["sagemaker:CreateProcessingJob on arn:aws:sagemaker:us-east-1:123456789012:processing-job/p*",
             "sagemaker:DescribeProcessingJob on arn:aws:sagemaker:us-east-1:123456789012:processing-job/p*",
             "sagemaker:StopProcessingJob on arn:aws:sagemaker:us-east-1:123456789012:processing-job/p*",
             "sagemaker:ListTags on *",
             $"iam:PassRole on {SageMakerRole} when {PolicyConditions.PassedToService("sagemaker.amazonaws.com")}",
             "events:PutTargets on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule",
             "events:PutRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule",
             "events:DescribeRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule"]
        },
        {
            "createHyperParameterTuningJob.sync: the role is inside the training job definition",
            OneTask("arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync", $$"""{ "HyperParameterTuningJobName": "h", "TrainingJobDefinition": { "RoleArn": "{{SageMakerRole}}" } }"""),
            ["sagemaker:CreateHyperParameterTuningJob on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/h*",
             "sagemaker:DescribeHyperParameterTuningJob on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/h*",
             "sagemaker:StopHyperParameterTuningJob on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/h*",
             "sagemaker:ListTrainingJobsForHyperParameterTuningJob on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/h*",
             "sagemaker:ListTags on *",
             $"iam:PassRole on {SageMakerRole} when {PolicyConditions.PassedToService("sagemaker.amazonaws.com")}",
             "events:PutTargets on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerHyperParameterTuningJobsRule",
             "events:PutRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerHyperParameterTuningJobsRule",
             "events:DescribeRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerHyperParameterTuningJobsRule"]
        },
        {
            "startExecution.sync: the child machine, its executions, the events rule",
            OneTask("arn:aws:states:::states:startExecution.sync:2", """{ "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child", "Input": {} }"""),
            ["states:StartExecution on arn:aws:states:us-east-1:123456789012:stateMachine:child",
             "states:DescribeExecution on arn:aws:states:us-east-1:123456789012:execution:child:*",
             "states:StopExecution on arn:aws:states:us-east-1:123456789012:execution:child:*",
             "events:PutTargets on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",
             "events:PutRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",
             "events:DescribeRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"]
        },
        {
            "sns:publish",
            OneTask("arn:aws:states:::sns:publish", """{ "TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "$" }"""),
            ["sns:Publish on arn:aws:sns:us-east-1:123456789012:alerts"]
        },
        {
            "sqs:sendMessage: the queue's ARN from its URL",
            OneTask("arn:aws:states:::sqs:sendMessage", """{ "QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "MessageBody": "x" }"""),
            ["sqs:SendMessage on arn:aws:sqs:eu-west-1:123456789012:jobs"]
        },
        {
            "codebuild:startBuild.sync",
            OneTask("arn:aws:states:::codebuild:startBuild.sync", """{ "ProjectName": "stepwise-maskrcnn" }"""),
            ["codebuild:StartBuild on arn:aws:codebuild:us-east-1:123456789012:project/stepwise-maskrcnn",
             "codebuild:StopBuild on arn:aws:codebuild:us-east-1:123456789012:project/stepwise-maskrcnn",
             "codebuild:BatchGetBuilds on arn:aws:codebuild:us-east-1:123456789012:project/stepwise-maskrcnn",
             "events:PutTargets on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForCodeBuildStartBuildRule",
             "events:PutRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForCodeBuildStartBuildRule",
             "events:DescribeRule on arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForCodeBuildStartBuildRule"]
        },
        {
            "events:putEvents on the default bus and a named one",
            OneTask("arn:aws:states:::events:putEvents", """{ "Entries": [ { "Detail": {} }, { "EventBusName": "ml", "Detail": {} } ] }"""),
            ["events:PutEvents on arn:aws:events:us-east-1:123456789012:event-bus/default",
             "events:PutEvents on arn:aws:events:us-east-1:123456789012:event-bus/ml"]
        },
        {
            "dynamodb:putItem",
            OneTask("arn:aws:states:::dynamodb:putItem", """{ "TableName": "runs", "Item": {} }"""),
            ["dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/runs"]
        },
        {
            "an aws-sdk task: its API action, on every resource",
            OneTask("arn:aws:states:::aws-sdk:sfn:listStateMachines", "{}"),
            ["states:ListStateMachines on *"]
        },
        {
            "JSONata arguments are dynamic",
            """{ "QueryLanguage": "JSONata", "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:::sagemaker:createEndpoint", "Arguments": { "EndpointName": "{% $states.input.name %}", "EndpointConfigName": "c" }, "End": true } } }""",
            ["sagemaker:CreateEndpoint on arn:aws:sagemaker:us-east-1:123456789012:endpoint/*",
             "sagemaker:CreateEndpoint on arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/c", "sagemaker:ListTags on *"]
        },
        {
            "an activity needs nothing of the execution role",
            """{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "End": true } } }""",
            []
        },
    };

    [Theory]
    [MemberData(nameof(Integrations))]
    public void Each_integration_needs_what_AWS_documents(string integration, string definition, string[] expected)
    {
        var required = WorkflowPermissions.For(definition, Context);

        Assert.True(expected.SequenceEqual(Lines(required)), $"{integration}:\n  expected\n    {string.Join("\n    ", expected)}\n  computed\n    {string.Join("\n    ", Lines(required))}");
    }

    [Fact]
    public void Parallel_branches_and_Map_iterators_are_included_with_the_states_that_need_them()
    {
        var definition = """
            { "StartAt": "Fan", "States": {
                "Fan": { "Type": "Parallel", "Next": "Each", "Branches": [
                  { "StartAt": "A", "States": { "A": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "a" }, "End": true } } },
                  { "StartAt": "B", "States": { "B": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "a" }, "End": true } } } ] },
                "Each": { "Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemProcessor": { "StartAt": "Notify", "States": {
                    "Notify": { "Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": { "TopicArn.$": "$.topic", "Message": "m" }, "End": true } } } } } }
            """;

        var required = WorkflowPermissions.For(definition, Context);

        var invoke = new Permission("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:a");
        Assert.Equal(["Fan/branch 1/A", "Fan/branch 2/B"], required.StatesNeeding(invoke));
        Assert.Equal(["Each/Notify"], required.StatesNeeding(new Permission("sns:Publish", "arn:aws:sns:us-east-1:123456789012:*")));
        Assert.Equal(3, required.Permissions.Count);
    }

    [Fact]
    public void The_seed_pipeline_needs_Lambda_the_training_job_the_model_and_the_endpoint_and_no_more()
    {
        var required = WorkflowPermissions.For(SeedPipeline(), Context);

        var statements = required.Statements.Select(s => s.ToJson().ToJsonString()).ToArray();
        Assert.Equal(
        [
            """{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["arn:aws:lambda:us-east-1:123456789012:function:stepwise-build-container","arn:aws:lambda:us-east-1:123456789012:function:stepwise-build-container:*"]}""",
            """{"Effect":"Allow","Action":["sagemaker:CreateTrainingJob","sagemaker:DescribeTrainingJob","sagemaker:StopTrainingJob"],"Resource":["arn:aws:sagemaker:us-east-1:123456789012:training-job/*"]}""",
            """{"Effect":"Allow","Action":["sagemaker:ListTags"],"Resource":["*"]}""",
            """{"Effect":"Allow","Action":["iam:PassRole"],"Resource":["arn:aws:iam::123456789012:role/StepwiseSageMakerExecutionRole"],"Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}""",
            """{"Effect":"Allow","Action":["events:DescribeRule","events:PutRule","events:PutTargets"],"Resource":["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"]}""",
            """{"Effect":"Allow","Action":["sagemaker:CreateModel"],"Resource":["arn:aws:sagemaker:us-east-1:123456789012:model/*"]}""",
            """{"Effect":"Allow","Action":["sagemaker:CreateEndpointConfig"],"Resource":["arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/*"]}""",
            """{"Effect":"Allow","Action":["sagemaker:CreateEndpoint"],"Resource":["arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/*","arn:aws:sagemaker:us-east-1:123456789012:endpoint/*"]}""",
        ], statements);
        Assert.Equal(["Train Mask R-CNN", "Save Model"], required.StatesNeeding(
            new Permission("iam:PassRole", "arn:aws:iam::123456789012:role/StepwiseSageMakerExecutionRole", PassedToSageMaker)));
    }

    [Fact]
    public void The_CloudFormation_context_writes_pseudo_parameters_for_the_template_to_substitute()
    {
        var required = WorkflowPermissions.For(OneTask("arn:aws:states:::lambda:invoke", """{ "FunctionName": "build" }"""), PermissionContext.CloudFormation);

        Assert.Equal(
            ["lambda:InvokeFunction on arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:build",
             "lambda:InvokeFunction on arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:build:*"],
            Lines(required));
    }

    [Theory]
    [InlineData("arn:aws:states:::glue:startJobRun.sync", "glue:startJobRun.sync")]
    [InlineData("arn:aws:states:::sagemaker:createModel.sync", ".sync is only for SageMaker jobs")]
    [InlineData("arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken", "does not support .waitForTaskToken")]
    [InlineData("arn:aws:states:::sagemaker:createTrainingJob", "no RoleArn")]
    public void A_resource_whose_permissions_are_not_known_is_an_error_naming_the_state(string resource, string message)
    {
        var definition = $$"""
            { "StartAt": "P", "States": { "P": { "Type": "Parallel", "End": true, "Branches": [
              { "StartAt": "X", "States": { "X": { "Type": "Task", "Resource": "{{resource}}", "Parameters": { "JobName": "j", "TrainingJobName": "t" }, "End": true } } } ] } } }
            """;

        var error = Assert.Throws<PermissionAnalysisException>(() => WorkflowPermissions.For(definition, Context));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("P/branch 1/X: ", problem);
        Assert.Contains(message, problem);
    }

    [Fact]
    public void A_distributed_Map_is_reported_not_guessed()
    {
        var definition = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "End": true,
              "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "Parameters": { "Bucket": "b", "Key": "k" } },
              "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }
            """;

        var error = Assert.Throws<PermissionAnalysisException>(() => WorkflowPermissions.For(definition, Context));

        Assert.Contains("M: a distributed Map", Assert.Single(error.Problems));
    }

    /// <summary>The seed pipeline's ASL as notebook 03 writes it (a test in tests/Environment.Tests holds this copy equal to
    /// <c>MaskRCnnPipeline</c>'s definition).</summary>
    internal static string SeedPipeline() => File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Stepwise.Workflows.Tests", "Permissions", "maskrcnn-pipeline.asl.json"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No Notebooks.sln above {AppContext.BaseDirectory}.");
    }
}
