namespace Stepwise.Workflows.Tests.Samples;

/// <summary>Hand-written ASL definitions that together use every state type and field the SDK models.</summary>
public static class Definitions
{
    /// <summary>JSONPath: every state type, IO field, Retry/Catch field, Choice operator family and nesting.</summary>
    public const string JsonPathKitchenSink = """
        {
          "Comment": "Every JSONPath feature",
          "Version": "1.0",
          "TimeoutSeconds": 3600,
          "StartAt": "Prepare",
          "States": {
            "Prepare": {
              "Type": "Pass",
              "Comment": "inject",
              "InputPath": "$.input",
              "Parameters": { "job.$": "$.name", "fixed": 1, "formatted.$": "States.Format('job-{}', $.name)", "items": [1, 2, 3] },
              "ResultPath": "$.prepared",
              "OutputPath": "$",
              "Assign": { "started.$": "$$.Execution.StartTime" },
              "Next": "Train"
            },
            "Train": {
              "Type": "Task",
              "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
              "Parameters": { "TrainingJobName.$": "$.prepared.job", "RoleArn": "arn:aws:iam::123456789012:role/Exec" },
              "ResultSelector": { "artifacts.$": "$.ModelArtifacts.S3ModelArtifacts" },
              "ResultPath": "$.training",
              "TimeoutSeconds": 600,
              "HeartbeatSeconds": 60,
              "Retry": [
                { "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 15, "MaxAttempts": 2, "BackoffRate": 4.0, "MaxDelaySeconds": 120, "JitterStrategy": "FULL" },
                { "ErrorEquals": ["States.ALL"] }
              ],
              "Catch": [
                { "ErrorEquals": ["States.Timeout"], "Next": "TimedOut", "ResultPath": "$.error" },
                { "ErrorEquals": ["States.ALL"], "Next": "Failed", "ResultPath": null }
              ],
              "Next": "Decide"
            },
            "Decide": {
              "Type": "Choice",
              "Choices": [
                { "Variable": "$.score", "NumericGreaterThanEquals": 0.9, "Next": "Fan out" },
                { "And": [ { "Variable": "$.name", "StringMatches": "job-*" } ], "Next": "Fan out" },
                { "Or": [ { "Variable": "$.flag", "BooleanEquals": true }, { "Not": { "Variable": "$.when", "TimestampLessThan": "2026-01-01T00:00:00Z" } } ], "Next": "Wait a bit" },
                { "Variable": "$.a", "NumericLessThanPath": "$.b", "Next": "Wait until" },
                { "Variable": "$.missing", "IsPresent": false, "Next": "Failed" }
              ],
              "Default": "Succeeded"
            },
            "Wait a bit": { "Type": "Wait", "SecondsPath": "$.delay", "Next": "Wait until" },
            "Wait until": { "Type": "Wait", "Timestamp": "2026-01-01T00:00:00Z", "Next": "Fan out" },
            "Fan out": {
              "Type": "Parallel",
              "ResultSelector": { "first.$": "$[0]" },
              "ResultPath": "$.parallel",
              "Branches": [
                { "StartAt": "B1", "States": { "B1": { "Type": "Pass", "Result": { "x": 1 }, "End": true } } },
                { "StartAt": "B2", "States": { "B2": { "Type": "Wait", "Seconds": 1, "Next": "B3" }, "B3": { "Type": "Succeed" } } }
              ],
              "Retry": [ { "ErrorEquals": ["States.BranchFailed"], "MaxAttempts": 1 } ],
              "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Failed" } ],
              "Next": "Each"
            },
            "Each": {
              "Type": "Map",
              "ItemsPath": "$.items",
              "ItemSelector": { "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
              "MaxConcurrency": 4,
              "ItemProcessor": {
                "ProcessorConfig": { "Mode": "INLINE" },
                "StartAt": "Square",
                "States": { "Square": { "Type": "Pass", "End": true } }
              },
              "ResultPath": "$.mapped",
              "Next": "Succeeded"
            },
            "TimedOut": { "Type": "Fail", "Error": "Training.Timeout", "Cause": "Training took too long" },
            "Failed": { "Type": "Fail", "ErrorPath": "$.Error", "CausePath": "$.Cause" },
            "Succeeded": { "Type": "Succeed", "OutputPath": "$.training" }
          }
        }
        """;

    /// <summary>JSONata: top-level QueryLanguage, Arguments, Output, Assign, Condition, Items, expressions in numeric fields.</summary>
    public const string Jsonata = """
        {
          "QueryLanguage": "JSONata",
          "StartAt": "Init",
          "States": {
            "Init": { "Type": "Pass", "Assign": { "count": 0, "name": "{% $states.input.name %}" }, "Output": { "n": "{% $count %}" }, "Next": "Call" },
            "Call": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": { "FunctionName": "echo", "Payload": "{% $states.input %}" },
              "Output": "{% $states.result.Payload %}",
              "TimeoutSeconds": "{% $timeout %}",
              "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Oops", "Output": "{% $states.errorOutput %}", "Assign": { "failed": true } } ],
              "Next": "Check"
            },
            "Check": {
              "Type": "Choice",
              "Choices": [ { "Condition": "{% $states.input.n > 1 %}", "Next": "Loop", "Assign": { "big": true } } ],
              "Default": "Done"
            },
            "Loop": {
              "Type": "Map",
              "Items": "{% [1, 2, 3] %}",
              "ItemSelector": { "v": "{% $states.context.Map.Item.Value %}" },
              "ItemProcessor": { "StartAt": "Echo", "States": { "Echo": { "Type": "Pass", "End": true } } },
              "Next": "Later"
            },
            "Later": { "Type": "Wait", "Seconds": "{% 1 + 1 %}", "Next": "Done" },
            "Oops": { "Type": "Fail", "Error": "{% 'E' %}", "Cause": "{% $string($states.input) %}" },
            "Done": { "Type": "Succeed", "Output": "{% $states.input %}" }
          }
        }
        """;

    /// <summary>A distributed Map reading a CSV from S3 in batches, writing results, tolerating failures.</summary>
    public const string DistributedMap = """
        {
          "StartAt": "Process",
          "States": {
            "Process": {
              "Type": "Map",
              "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "Parameters": { "Bucket": "data", "Key": "rows.csv" },
                "ReaderConfig": { "InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 100 }
              },
              "ItemBatcher": { "MaxItemsPerBatch": 10, "BatchInput": { "run": "r1" } },
              "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "out", "Prefix": "results" } },
              "ToleratedFailurePercentage": 5,
              "ToleratedFailureCount": 3,
              "MaxConcurrencyPath": "$.concurrency",
              "Label": "rows",
              "ItemProcessor": {
                "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS" },
                "StartAt": "Handle",
                "States": {
                  "Handle": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:handle", "TimeoutSecondsPath": "$.t", "End": true }
                }
              },
              "End": true
            }
          }
        }
        """;

    /// <summary>All samples by name.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["JsonPathKitchenSink"] = JsonPathKitchenSink,
        ["Jsonata"] = Jsonata,
        ["DistributedMap"] = DistributedMap,
    };
}
