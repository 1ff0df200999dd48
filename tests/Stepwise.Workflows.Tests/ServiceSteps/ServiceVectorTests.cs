using System.Text.Json.Nodes;
using Stepwise.Workflows.Serialization;
using static Stepwise.Workflows.Tests.ReferenceVectors;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>The Python SDK's vectors for the compute and service steps (Lambda, Glue, Batch, ECS, SNS, SQS, DynamoDB,
/// EventBridge, EMR, EKS, DataBrew, Step Functions), key for key.</summary>
public class ServiceVectorTests
{
    private static JsonObject Json(Step step) => AslWriter.Write(step.ToState());

    [Fact]
    public void Lambda_without_options_invokes_with_no_suffix() =>
        AssertJsonEqual(Expected("lambda_default"), Json(new LambdaStep("Echo")));

    [Fact]
    public void Lambda_waiting_for_callback_passes_dollar_keys_through() => AssertJsonEqual(Expected("lambda_wait_for_callback"),
        Json(new LambdaStep("lambda", waitForCallback: true)
        {
            Parameters = new Dictionary<string, object?>
            {
                ["Payload"] = new Dictionary<string, object?> { ["model.$"] = "$.new_model", ["token.$"] = "$$.Task.Token" },
            },
        }));

    [Fact]
    public void Lambda_with_function_name_payload_and_result_path() => AssertJsonEqual(Expected("lambda_function_name_payload_resultpath"),
        Json(new LambdaStep("Query Training Results")
        {
            Parameters = new { FunctionName = "my-fn", Payload = new Dictionary<string, object?> { ["TrainingJobName.$"] = "$.TrainingJobName" } },
            ResultPath = "$.QueryResults",
        }));

    [Fact]
    public void Glue_start_job_run_waits_by_default() => AssertJsonEqual(Expected("glue_sync_default"),
        Json(new GlueStartJobRunStep("Glue Job") { Parameters = new { JobName = "Job" } }));

    [Fact]
    public void Batch_submit_job_without_wait_has_no_suffix() =>
        AssertJsonEqual(Expected("batch_no_wait"), Json(new BatchSubmitJobStep("Batch Job", waitForCompletion: false)));

    [Fact]
    public void Ecs_run_task_waits_by_default() => AssertJsonEqual(Expected("ecs_sync"),
        Json(new EcsRunTaskStep("Ecs Job") { Parameters = new { TaskDefinition = "Task" } }));

    [Fact]
    public void Sns_publish_waiting_for_callback() => AssertJsonEqual(Expected("sns_publish_callback"),
        Json(new SnsPublishStep("Publish", waitForCallback: true)
        {
            Parameters = new Dictionary<string, object?>
            {
                ["TopicArn"] = "arn:aws:sns:us-east-1:123456789012:myTopic",
                ["Message"] = new Dictionary<string, object?> { ["Input.$"] = "$", ["TaskToken.$"] = "$$.Task.Token" },
            },
        }));

    [Fact]
    public void Sqs_send_message() => AssertJsonEqual(Expected("sqs_send"),
        Json(new SqsSendMessageStep("Send to SQS")
        {
            Parameters = new { QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue", MessageBody = "Hello" },
        }));

    [Fact]
    public void DynamoDB_get_item() => AssertJsonEqual(Expected("dynamodb_get_item"),
        Json(new DynamoDBGetItemStep("Read Message from DynamoDB")
        {
            Parameters = new { TableName = "TransferDataRecords-DDBTable-3I41R5L5EAGT", Key = new { MessageId = new { S = "MyMessageId" } } },
        }));

    [Fact]
    public void EventBridge_put_events() => AssertJsonEqual(Expected("eventbridge_put_events"),
        Json(new EventBridgePutEventsStep("Send to EventBridge")
        {
            Parameters = new
            {
                Entries = new[]
                {
                    new { Detail = new { Message = "MyMessage" }, DetailType = "MyDetailType", EventBusName = "MyEventBus", Source = "my.source" },
                },
            },
        }));

    [Fact]
    public void Emr_create_cluster_without_wait() => AssertJsonEqual(Expected("emr_create_cluster_no_wait"),
        Json(new EmrCreateClusterStep("Create EMR cluster", waitForCompletion: false) { Parameters = new { Name = "MyWorkflowCluster" } }));

    [Fact]
    public void Eks_create_cluster_rejects_wait_for_task_token_with_the_python_message()
    {
        var e = Assert.Throws<ArgumentException>(() => new EksCreateClusterStep("Create EKS cluster", IntegrationPattern.WaitForTaskToken));
        Assert.Contains(Get("eks_create_cluster_wait_for_token_rejected")["message"]!.GetValue<string>(), e.Message);
        Assert.StartsWith("State 'Create EKS cluster': ", e.Message);
    }

    [Fact]
    public void DataBrew_start_job_run_waits_by_default() => AssertJsonEqual(Expected("databrew_default"),
        Json(new GlueDataBrewStartJobRunStep("Start Glue DataBrew Job run") { Parameters = new { Name = "MyWorkflowJobRun" } }));

    [Fact]
    public void Step_Functions_start_execution_waits_with_sync_2() => AssertJsonEqual(Expected("sfn_start_execution_default"),
        Json(new StepFunctionsStartExecutionStep("SFN Start Execution")
        {
            Parameters = new { StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld", Name = "ExecutionName" },
        }));
}
