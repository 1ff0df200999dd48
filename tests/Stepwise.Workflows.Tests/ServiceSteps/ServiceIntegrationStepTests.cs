namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>Resource ARNs and integration-pattern rules of every service step, beyond the vectors.</summary>
public class ServiceIntegrationStepTests
{
    public static TheoryData<string, string> Resources => new()
    {
        { Arn(new LambdaStep("s")), "arn:aws:states:::lambda:invoke" },
        { Arn(new LambdaStep("s", waitForCallback: true)), "arn:aws:states:::lambda:invoke.waitForTaskToken" },
        { Arn(new GlueStartJobRunStep("s")), "arn:aws:states:::glue:startJobRun.sync" },
        { Arn(new GlueStartJobRunStep("s", waitForCompletion: false)), "arn:aws:states:::glue:startJobRun" },
        { Arn(new GlueDataBrewStartJobRunStep("s")), "arn:aws:states:::databrew:startJobRun.sync" },
        { Arn(new GlueDataBrewStartJobRunStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::databrew:startJobRun" },
        { Arn(new BatchSubmitJobStep("s")), "arn:aws:states:::batch:submitJob.sync" },
        { Arn(new BatchSubmitJobStep("s", waitForCompletion: false)), "arn:aws:states:::batch:submitJob" },
        { Arn(new EcsRunTaskStep("s")), "arn:aws:states:::ecs:runTask.sync" },
        { Arn(new EcsRunTaskStep("s", waitForCompletion: false)), "arn:aws:states:::ecs:runTask" },
        { Arn(new EksCreateClusterStep("s")), "arn:aws:states:::eks:createCluster.sync" },
        { Arn(new EksCreateClusterStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:createCluster" },
        { Arn(new EksDeleteClusterStep("s")), "arn:aws:states:::eks:deleteCluster.sync" },
        { Arn(new EksDeleteClusterStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:deleteCluster" },
        { Arn(new EksCreateFargateProfileStep("s")), "arn:aws:states:::eks:createFargateProfile.sync" },
        { Arn(new EksCreateFargateProfileStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:createFargateProfile" },
        { Arn(new EksDeleteFargateProfileStep("s")), "arn:aws:states:::eks:deleteFargateProfile.sync" },
        { Arn(new EksDeleteFargateProfileStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:deleteFargateProfile" },
        { Arn(new EksCreateNodegroupStep("s")), "arn:aws:states:::eks:createNodegroup.sync" },
        { Arn(new EksCreateNodegroupStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:createNodegroup" },
        { Arn(new EksDeleteNodegroupStep("s")), "arn:aws:states:::eks:deleteNodegroup.sync" },
        { Arn(new EksDeleteNodegroupStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:deleteNodegroup" },
        { Arn(new EksRunJobStep("s")), "arn:aws:states:::eks:runJob.sync" },
        { Arn(new EksRunJobStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::eks:runJob" },
        { Arn(new EksCallStep("s")), "arn:aws:states:::eks:call" },
        { Arn(new EmrCreateClusterStep("s")), "arn:aws:states:::elasticmapreduce:createCluster.sync" },
        { Arn(new EmrCreateClusterStep("s", waitForCompletion: false)), "arn:aws:states:::elasticmapreduce:createCluster" },
        { Arn(new EmrTerminateClusterStep("s")), "arn:aws:states:::elasticmapreduce:terminateCluster.sync" },
        { Arn(new EmrTerminateClusterStep("s", waitForCompletion: false)), "arn:aws:states:::elasticmapreduce:terminateCluster" },
        { Arn(new EmrAddStepStep("s")), "arn:aws:states:::elasticmapreduce:addStep.sync" },
        { Arn(new EmrAddStepStep("s", waitForCompletion: false)), "arn:aws:states:::elasticmapreduce:addStep" },
        { Arn(new EmrCancelStepStep("s")), "arn:aws:states:::elasticmapreduce:cancelStep" },
        { Arn(new EmrSetClusterTerminationProtectionStep("s")), "arn:aws:states:::elasticmapreduce:setClusterTerminationProtection" },
        { Arn(new EmrModifyInstanceFleetByNameStep("s")), "arn:aws:states:::elasticmapreduce:modifyInstanceFleetByName" },
        { Arn(new EmrModifyInstanceGroupByNameStep("s")), "arn:aws:states:::elasticmapreduce:modifyInstanceGroupByName" },
        { Arn(new SnsPublishStep("s")), "arn:aws:states:::sns:publish" },
        { Arn(new SnsPublishStep("s", waitForCallback: true)), "arn:aws:states:::sns:publish.waitForTaskToken" },
        { Arn(new SqsSendMessageStep("s")), "arn:aws:states:::sqs:sendMessage" },
        { Arn(new SqsSendMessageStep("s", waitForCallback: true)), "arn:aws:states:::sqs:sendMessage.waitForTaskToken" },
        { Arn(new DynamoDBGetItemStep("s")), "arn:aws:states:::dynamodb:getItem" },
        { Arn(new DynamoDBPutItemStep("s")), "arn:aws:states:::dynamodb:putItem" },
        { Arn(new DynamoDBDeleteItemStep("s")), "arn:aws:states:::dynamodb:deleteItem" },
        { Arn(new DynamoDBUpdateItemStep("s")), "arn:aws:states:::dynamodb:updateItem" },
        { Arn(new EventBridgePutEventsStep("s")), "arn:aws:states:::events:putEvents" },
        { Arn(new EventBridgePutEventsStep("s", waitForCallback: true)), "arn:aws:states:::events:putEvents.waitForTaskToken" },
        { Arn(new StepFunctionsStartExecutionStep("s")), "arn:aws:states:::states:startExecution.sync:2" },
        { Arn(new StepFunctionsStartExecutionStep("s", IntegrationPattern.WaitForTaskToken)), "arn:aws:states:::states:startExecution.waitForTaskToken" },
        { Arn(new StepFunctionsStartExecutionStep("s", IntegrationPattern.CallAndContinue)), "arn:aws:states:::states:startExecution" },
        { Arn(new CodeBuildStartBuildStep("s")), "arn:aws:states:::codebuild:startBuild.sync" },
        { Arn(new CodeBuildStartBuildStep("s", waitForCompletion: false)), "arn:aws:states:::codebuild:startBuild" },
        { Arn(new ServiceIntegrationStep("s", "athena", "startQueryExecution")), "arn:aws:states:::athena:startQueryExecution" },
        { Arn(new ServiceIntegrationStep("s", "athena", "startQueryExecution", IntegrationPattern.WaitForCompletion)), "arn:aws:states:::athena:startQueryExecution.sync" },
        { Arn(new ServiceIntegrationStep("s", "ecs", "runTask", IntegrationPattern.WaitForTaskToken)), "arn:aws:states:::ecs:runTask.waitForTaskToken" },
    };

    private static string Arn(TaskStep step) => step.Resource;

    [Theory]
    [MemberData(nameof(Resources))]
    public void Each_step_calls_its_service_integration_ARN(string actual, string expected) => Assert.Equal(expected, actual);

    [Fact]
    public void The_ARN_is_also_what_the_state_writes()
    {
        var state = (Asl.TaskState)new GlueStartJobRunStep("Glue").ToState();
        Assert.Equal("arn:aws:states:::glue:startJobRun.sync", state.Resource);
    }

    [Fact]
    public void Eks_steps_reject_wait_for_task_token()
    {
        const IntegrationPattern pattern = IntegrationPattern.WaitForTaskToken;
        foreach (var make in new Func<Step>[]
                 {
                     () => new EksCreateClusterStep("Eks", pattern), () => new EksDeleteClusterStep("Eks", pattern),
                     () => new EksCreateFargateProfileStep("Eks", pattern), () => new EksDeleteFargateProfileStep("Eks", pattern),
                     () => new EksCreateNodegroupStep("Eks", pattern), () => new EksDeleteNodegroupStep("Eks", pattern),
                     () => new EksRunJobStep("Eks", pattern),
                 })
        {
            var e = Assert.Throws<ArgumentException>(make);
            Assert.Equal("State 'Eks': Integration Pattern (WaitForTaskToken) is not supported for this step - " +
                         "Please use one of the following: ['WaitForCompletion', 'CallAndContinue']", e.Message);
        }
    }

    [Fact]
    public void DataBrew_rejects_wait_for_task_token()
    {
        var e = Assert.Throws<ArgumentException>(() => new GlueDataBrewStartJobRunStep("Brew", IntegrationPattern.WaitForTaskToken));
        Assert.Contains("Integration Pattern (WaitForTaskToken) is not supported for this step", e.Message);
    }

    [Fact]
    public void An_undefined_pattern_value_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new ServiceIntegrationStep("Any", "s3", "getObject", (IntegrationPattern)42));
        Assert.Contains("State 'Any'", e.Message);
    }

    [Fact]
    public void Service_action_and_pattern_are_exposed()
    {
        var step = new StepFunctionsStartExecutionStep("Child");
        Assert.Equal(("states", "startExecution", IntegrationPattern.WaitForCompletion), (step.Service, step.Action, step.IntegrationPattern));
    }

    [Fact]
    public void ResourceArn_builds_any_partition_and_version()
    {
        Assert.Equal("arn:aws-cn:states:::states:startExecution.sync:2",
            ServiceIntegrationStep.ResourceArn("states", "startExecution", IntegrationPattern.WaitForCompletion, version: 2, partition: "aws-cn"));
    }

    [Fact]
    public void Service_steps_keep_TaskStep_options_retry_and_catch()
    {
        var fail = new FailStep("Failed");
        var step = new LambdaStep("Build")
        {
            Parameters = new { FunctionName = "builder" },
            ResultSelector = new Dictionary<string, object?> { ["status.$"] = "$.Payload.status" },
            TimeoutSeconds = 60,
            Retry = [new Retry(["States.TaskFailed"]) { MaxAttempts = 2 }],
        };
        step.AddCatch(new Catch(["States.ALL"], fail));
        var json = Serialization.AslWriter.Write(step.ToState());
        Assert.Equal("builder", json["Parameters"]!["FunctionName"]!.GetValue<string>());
        Assert.Equal("$.Payload.status", json["ResultSelector"]!["status.$"]!.GetValue<string>());
        Assert.Equal(60, json["TimeoutSeconds"]!.GetValue<int>());
        Assert.Equal("Failed", json["Catch"]![0]!["Next"]!.GetValue<string>());
        Assert.Equal(2, json["Retry"]![0]!["MaxAttempts"]!.GetValue<int>());
    }

    [Fact]
    public void Placeholders_in_service_parameters_become_dollar_keys()
    {
        var input = new ExecutionInput();
        var step = new DynamoDBPutItemStep("Put")
        {
            Parameters = new Dictionary<string, object?> { ["TableName"] = input["Table"], ["Item"] = new { Id = new Dictionary<string, object?> { ["S.$"] = "$.id" } } },
        };
        var json = Serialization.AslWriter.Write(step.ToState());
        Assert.Equal("$$.Execution.Input['Table']", json["Parameters"]!["TableName.$"]!.GetValue<string>());
    }
}
