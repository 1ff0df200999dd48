"""Drives a Step Functions endpoint with boto3 and prints what it saw as one JSON object.
Usage: python3 sfn_interop.py ENDPOINT_URL RUN_ID. Credentials and region come from the environment."""
import datetime
import json

import boto3

from sfn_common import error_code, role, run, sfn, wait

result = {"client": "boto3 " + boto3.__version__}


def passes(n):
    states = {f"P{i}": {"Type": "Pass", "Next": f"P{i + 1}"} for i in range(1, n)}
    states[f"P{n}"] = {"Type": "Pass", "End": True}
    return json.dumps({"StartAt": "P1", "States": states})


machine = sfn.create_state_machine(name=f"interop-ok-{run}", definition=passes(4), roleArn=role,
                                   tags=[{"key": "team", "value": "stepwise"}])
failing = sfn.create_state_machine(name=f"interop-fail-{run}", roleArn=role, definition=json.dumps(
    {"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "F"}, "F": {"Type": "Fail", "Error": "Boom", "Cause": "on purpose"}}}))
result["machineArn"] = machine["stateMachineArn"]
result["creationDateIsDatetime"] = isinstance(machine["creationDate"], datetime.datetime)

started = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], name="first", input=json.dumps({"n": 1}))
result["executionArn"] = started["executionArn"]
described = wait(started["executionArn"])
result["status"] = described["status"]
result["output"] = json.loads(described.get("output", "null"))
result["stopAfterStart"] = described["stopDate"] >= described["startDate"]
result["describedMachine"] = sfn.describe_state_machine(stateMachineArn=machine["stateMachineArn"])["name"]
result["machineForExecution"] = sfn.describe_state_machine_for_execution(executionArn=started["executionArn"])["name"]

pages, token = [], None
while True:
    args = {"executionArn": started["executionArn"], "maxResults": 3}
    if token:
        args["nextToken"] = token
    page = sfn.get_execution_history(**args)
    pages.append([e["id"] for e in page["events"]])
    token = page.get("nextToken")
    if not token:
        break
result["historyPages"] = pages
events = [e for p in sfn.get_paginator("get_execution_history").paginate(executionArn=started["executionArn"], PaginationConfig={"PageSize": 2}) for e in p["events"]]
result["historyTypes"] = [e["type"] for e in events]
result["historyPrevious"] = [e.get("previousEventId") for e in events]
result["startedInput"] = json.loads(events[0]["executionStartedEventDetails"]["input"])
result["reverseFirstPage"] = [e["id"] for e in sfn.get_execution_history(executionArn=started["executionArn"], maxResults=3, reverseOrder=True)["events"]]

failed = sfn.start_execution(stateMachineArn=failing["stateMachineArn"], name="doomed")
failed_description = wait(failed["executionArn"])
result["failedStatus"] = failed_description["status"]
result["failedError"] = failed_description.get("error")
sfn.start_execution(stateMachineArn=machine["stateMachineArn"], name="second", input="{}")
wait(machine["stateMachineArn"].replace(":stateMachine:", ":execution:") + ":second")
listed = lambda arn, status: sorted(e["name"] for p in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn, statusFilter=status, PaginationConfig={"PageSize": 1}) for e in p["executions"])
result["succeededNames"] = listed(machine["stateMachineArn"], "SUCCEEDED")
result["failedNames"] = listed(failing["stateMachineArn"], "FAILED")
result["failedOnOkMachine"] = listed(machine["stateMachineArn"], "FAILED")
result["machineNames"] = sorted(m["name"] for p in sfn.get_paginator("list_state_machines").paginate() for m in p["stateMachines"] if m["name"].endswith(run))
result["tags"] = sfn.list_tags_for_resource(resourceArn=machine["stateMachineArn"])["tags"]

missing = machine["stateMachineArn"].replace(":stateMachine:", ":execution:") + ":no-such-execution"
result["errors"] = {
    "ExecutionDoesNotExist": error_code(lambda: sfn.describe_execution(executionArn=missing)),
    "InvalidDefinition": error_code(lambda: sfn.create_state_machine(name=f"interop-bad-{run}", definition='{"States":{}}', roleArn=role)),
    "ExecutionAlreadyExists": error_code(lambda: sfn.start_execution(stateMachineArn=machine["stateMachineArn"], name="first", input='{"n":2}')),
    "StateMachineDoesNotExist": error_code(lambda: sfn.describe_state_machine(stateMachineArn=machine["stateMachineArn"] + "-nope")),
}
print(json.dumps(result))
