"""What the boto3 Step Functions interop scripts share: the client for the endpoint on the command line, the role every
state machine names, an API error as a comparable dict, and waiting for an execution to leave RUNNING.
Usage of a script: python3 SCRIPT.py ENDPOINT_URL RUN_ID. Credentials and region come from the environment."""
import sys
import time

import boto3
from botocore.exceptions import ClientError

endpoint, run = sys.argv[1], sys.argv[2]
sfn = boto3.client("stepfunctions", endpoint_url=endpoint)
role = "arn:aws:iam::123456789012:role/interop"


def error_code(call):
    """None when the call succeeds; otherwise its error code, HTTP status and message."""
    try:
        call()
        return None
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "message": e.response["Error"].get("Message")}


def wait(arn, timeout_seconds=60):
    """DescribeExecution of ARN once it is no longer RUNNING (or the last answer after the timeout)."""
    deadline = time.time() + timeout_seconds
    while True:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING" or time.time() > deadline:
            return d
        time.sleep(0.05)
