"""Drives the local STS (query protocol) with boto3 and prints what it saw as one JSON object.
Usage: python3 sts_interop.py ENDPOINT_URL. Credentials and region come from the environment."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
sts = boto3.client("sts", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
result = {"client": "boto3 " + boto3.__version__}


def error_of(call):
    try:
        call()
        return None
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message"), "type": e.response["Error"].get("Type")}


identity = sts.get_caller_identity()
result["identity"] = {k: identity[k] for k in ("Account", "Arn", "UserId")}
result["requestId"] = identity["ResponseMetadata"]["RequestId"]
result["errors"] = {
    "AssumeRole": error_of(lambda: sts.assume_role(
        RoleArn="arn:aws:iam::123456789012:role/Trainer", RoleSessionName="interop", DurationSeconds=900,
        Tags=[{"Key": "team", "Value": "ml"}], TransitiveTagKeys=["team"],
        PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])),
}
print(json.dumps(result))
