"""Drives a restJson1 Lambda endpoint (a fake port behind the local host) with boto3 and prints what it saw as one
JSON object. Usage: python3 lambda_interop.py ENDPOINT_URL. Credentials and region come from the environment."""
import base64
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
lam = boto3.client("lambda", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
result = {"client": "boto3 " + boto3.__version__}


def error_of(call):
    try:
        call()
        return None
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message")}


ok = lam.invoke(FunctionName="echo", Payload=json.dumps({"n": 1, "text": "héllo"}).encode(), LogType="Tail")
result["invoke"] = {"status": ok["StatusCode"], "payload": json.loads(ok["Payload"].read()),
                    "log": base64.b64decode(ok.get("LogResult", "")).decode(), "functionError": ok.get("FunctionError"),
                    "executedVersion": ok.get("ExecutedVersion")}
failed = lam.invoke(FunctionName="fail", Payload=b"{}")
result["invokeFailed"] = {"status": failed["StatusCode"], "functionError": failed.get("FunctionError"),
                          "payload": json.loads(failed["Payload"].read())}
event = lam.invoke(FunctionName="echo", InvocationType="Event", Payload=b"{}")
result["invokeEvent"] = {"status": event["StatusCode"], "payload": event["Payload"].read().decode()}
qualified = lam.invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:echo", Qualifier="7", Payload=b"[1,2]")
result["invokeQualified"] = {"executedVersion": qualified.get("ExecutedVersion"), "payload": json.loads(qualified["Payload"].read())}
function = lam.get_function(FunctionName="echo")
result["getFunction"] = {"name": function["Configuration"]["FunctionName"], "memory": function["Configuration"]["MemorySize"],
                         "tags": function.get("Tags")}
pages = []
marker = None
while True:
    page = lam.list_functions(MaxItems=2, **({"Marker": marker} if marker else {}))
    pages.append([f["FunctionName"] for f in page["Functions"]])
    marker = page.get("NextMarker")
    if not marker:
        break
result["pages"] = pages
result["errors"] = {
    "ResourceNotFoundException": error_of(lambda: lam.get_function(FunctionName="missing")),
    "InvokeMissing": error_of(lambda: lam.invoke(FunctionName="missing", Payload=b"{}")),
}
print(json.dumps(result))
