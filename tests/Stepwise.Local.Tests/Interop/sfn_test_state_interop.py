"""TestState as of November 2025 through boto3: a mocked state of a whole definition (stateName) at DEBUG, a mock refused
by field validation, and a mocked error that a Retry would retry. Usage: python3 sfn_test_state_interop.py ENDPOINT_URL."""
import json
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, config=Config(inject_host_prefix=False))
definition = json.dumps({
    "StartAt": "Train",
    "States": {
        "Train": {
            "Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
            "Parameters": {"TrainingJobName.$": "$.name"},
            "ResultSelector": {"model.$": "$.ModelArtifacts.S3ModelArtifacts"}, "ResultPath": "$.trained",
            "Retry": [{"ErrorEquals": ["SageMaker.AmazonSageMakerException"], "IntervalSeconds": 2, "MaxAttempts": 3}],
            "Next": "Deploy",
        },
        "Deploy": {"Type": "Succeed"},
    },
})
described = {
    "TrainingJobName": "job-1", "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
    "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/job-1/model.tar.gz"}, "TrainingJobStatus": "Completed",
    "SecondaryStatus": "Completed", "StoppingCondition": {"MaxRuntimeInSeconds": 3600}, "CreationTime": "2025-11-20T10:00:00Z",
}
result = {"botocore": botocore.__version__}

tested = sfn.test_state(definition=definition, stateName="Train", input=json.dumps({"name": "job-1"}),
                        inspectionLevel="DEBUG", mock={"result": json.dumps(described)})
result["status"] = tested["status"]
result["nextState"] = tested.get("nextState")
result["output"] = json.loads(tested["output"])
result["inspection"] = {k: v for k, v in tested["inspectionData"].items()}

try:
    sfn.test_state(definition=definition, stateName="Train", input="{}", mock={"result": json.dumps({"TrainingJobName": "job-1"})})
    result["refused"] = None
except ClientError as error:
    result["refused"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                         "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}

retried = sfn.test_state(definition=definition, stateName="Train", input=json.dumps({"name": "job-1"}), inspectionLevel="DEBUG",
                         mock={"errorOutput": {"error": "SageMaker.AmazonSageMakerException", "cause": "throttled"}},
                         stateConfiguration={"retrierRetryCount": 1})
result["retried"] = {"status": retried["status"], "error": retried.get("error"), "errorDetails": retried["inspectionData"].get("errorDetails")}
print(json.dumps(result))
