"""TestState and StartSyncExecution with boto3 against a local endpoint: botocore would prefix the host (sync-127.0.0.1),
so the client turns the prefix off, as README.md says. Usage: python3 sfn_host_prefix.py ENDPOINT_URL RUN_ID."""
import json
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

endpoint, run = sys.argv[1], sys.argv[2]
result = {"botocore": botocore.__version__}
role = "arn:aws:iam::123456789012:role/interop"
definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"got.$": "$.n"}, "End": True}}})

prefixed = boto3.client("stepfunctions", endpoint_url=endpoint)
try:
    prefixed.test_state(definition=json.dumps({"Type": "Pass", "End": True}), roleArn=role, input="{}")
    result["prefixedReached"] = True
except EndpointConnectionError:
    result["prefixedReached"] = False

sfn = boto3.client("stepfunctions", endpoint_url=endpoint, config=Config(inject_host_prefix=False))
tested = sfn.test_state(definition=json.dumps({"Type": "Pass", "Parameters": {"got.$": "$.n"}, "End": True}), roleArn=role, input='{"n": 7}')
result["testStateStatus"] = tested["status"]
result["testStateOutput"] = json.loads(tested["output"])

express = sfn.create_state_machine(name=f"express-{run}", definition=definition, roleArn=role, type="EXPRESS")
synced = sfn.start_sync_execution(stateMachineArn=express["stateMachineArn"], input='{"n": 3}')
result["syncStatus"] = synced["status"]
result["syncOutput"] = json.loads(synced["output"])
print(json.dumps(result))
