"""Drives aliases, activities and RedriveExecution on a Step Functions endpoint with boto3; prints one JSON object.
Usage: python3 sfn_api_interop.py ENDPOINT_URL RUN_ID. Credentials and region come from the environment."""
import datetime
import json

from sfn_common import error_code, role, run, sfn, wait

result = {}

activity = sfn.create_activity(name=f"interop-act-{run}")["activityArn"]
machine = sfn.create_state_machine(name=f"interop-api-{run}", roleArn=role, publish=True, definition=json.dumps(
    {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "HeartbeatSeconds": 30, "End": True}}}))
version = machine["stateMachineVersionArn"]
alias = sfn.create_state_machine_alias(name="live", description="all traffic",
                                       routingConfiguration=[{"stateMachineVersionArn": version, "weight": 100}])["stateMachineAliasArn"]
result["aliasArn"] = alias
result["versionArn"] = version
result["describedAlias"] = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"]
result["aliases"] = [a["stateMachineAliasArn"] for a in sfn.list_state_machine_aliases(stateMachineArn=machine["stateMachineArn"])["stateMachineAliases"]]
result["versions"] = [v["stateMachineVersionArn"] for v in sfn.list_state_machine_versions(stateMachineArn=machine["stateMachineArn"])["stateMachineVersions"]]

execution = sfn.start_execution(stateMachineArn=alias, input=json.dumps({"n": 1}))["executionArn"]
first = sfn.get_activity_task(activityArn=activity, workerName="w1")
result["taskInput"] = json.loads(first["input"])
sfn.send_task_heartbeat(taskToken=first["taskToken"])
sfn.send_task_failure(taskToken=first["taskToken"], error="Nope", cause="first try")
failed = wait(execution)
result["failed"] = {k: failed.get(k) for k in ("status", "error", "redriveStatus", "stateMachineAliasArn", "stateMachineVersionArn")}

redrive = sfn.redrive_execution(executionArn=execution)
result["redriveDateIsDatetime"] = isinstance(redrive["redriveDate"], datetime.datetime)
second = sfn.get_activity_task(activityArn=activity, workerName="w2")
sfn.send_task_success(taskToken=second["taskToken"], output=json.dumps({"ok": True}))
done = wait(execution)
result["done"] = {"status": done["status"], "output": json.loads(done["output"]), "redriveCount": done["redriveCount"],
                  "redriveStatusReason": done.get("redriveStatusReason")}
result["historyTypes"] = [e["type"] for e in sfn.get_execution_history(executionArn=execution, maxResults=1000)["events"]]
result["redriven"] = [e["executionArn"] for e in sfn.list_executions(stateMachineArn=alias, redriveFilter="REDRIVEN")["executions"]]

result["errors"] = {
    "ConflictException": error_code(lambda: sfn.delete_state_machine_version(stateMachineVersionArn=version)),
    "ExecutionNotRedrivable": error_code(lambda: sfn.redrive_execution(executionArn=execution)),
    "ActivityDoesNotExist": error_code(lambda: sfn.describe_activity(activityArn=activity + "-missing")),
    "ValidationException": error_code(lambda: sfn.create_state_machine_alias(
        name="half", routingConfiguration=[{"stateMachineVersionArn": version, "weight": 50}])),
}
print(json.dumps(result))
