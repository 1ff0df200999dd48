"""Drives the local IAM and STS (query protocol) with boto3 and prints what it saw as one JSON object.
Usage: python3 iam_interop.py ENDPOINT_URL. Credentials and region come from the environment."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", endpoint_url=endpoint, config=config)
sts = boto3.client("sts", endpoint_url=endpoint, config=config)
result = {"client": "boto3 " + boto3.__version__}


def error_of(call):
    try:
        call()
        return None
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message"), "type": e.response["Error"].get("Type")}


trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                                                 "Action": "sts:AssumeRole"}]}
read = {"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::seed/*"}]}

role = iam.create_role(RoleName="Interop", Path="/stepwise/", AssumeRolePolicyDocument=json.dumps(trust),
                       Tags=[{"Key": "team", "Value": "ml"}])["Role"]
got = iam.get_role(RoleName="Interop")["Role"]
# botocore decodes the URL-encoded policy documents back into objects.
result["role"] = {"arn": role["Arn"], "id": role["RoleId"], "trust": got["AssumeRolePolicyDocument"], "tags": got.get("Tags")}
iam.put_role_policy(RoleName="Interop", PolicyName="read", PolicyDocument=json.dumps(read))
result["inline"] = iam.get_role_policy(RoleName="Interop", PolicyName="read")["PolicyDocument"]
policy = iam.create_policy(PolicyName="InteropLogs", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "logs:*", "Resource": "*"}}))["Policy"]
iam.attach_role_policy(RoleName="Interop", PolicyArn=policy["Arn"])
iam.attach_role_policy(RoleName="Interop", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
result["attached"] = [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName="Interop")["AttachedPolicies"]]
result["awsPolicies"] = [p["PolicyName"] for p in iam.list_policies(Scope="AWS")["Policies"]]
result["version"] = iam.get_policy_version(PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", VersionId="v3")["PolicyVersion"]["Document"]
pages = iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 1})
result["roles"] = [r["RoleName"] for page in pages for r in page["Roles"]]
simulated = iam.simulate_principal_policy(PolicySourceArn=role["Arn"], ActionNames=["s3:GetObject", "s3:PutObject"],
                                          ResourceArns=["arn:aws:s3:::seed/a.csv"])["EvaluationResults"]
result["simulated"] = [{"action": r["EvalActionName"], "decision": r["EvalDecision"],
                        "matched": [m["SourcePolicyId"] for m in r["MatchedStatements"]]} for r in simulated]
custom = iam.simulate_custom_policy(PolicyInputList=[json.dumps(read)], ActionNames=["s3:GetObject"],
                                    ResourceArns=["arn:aws:s3:::seed/a.csv"],
                                    ContextEntries=[{"ContextKeyName": "aws:RequestedRegion", "ContextKeyValues": ["us-east-1"],
                                                     "ContextKeyType": "string"}])["EvaluationResults"]
result["custom"] = custom[0]["EvalDecision"]

assumed = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="interop", DurationSeconds=900)
result["assumed"] = {"keyId": assumed["Credentials"]["AccessKeyId"], "arn": assumed["AssumedRoleUser"]["Arn"]}
as_role = boto3.client("sts", endpoint_url=endpoint, config=config,
                       aws_access_key_id=assumed["Credentials"]["AccessKeyId"],
                       aws_secret_access_key=assumed["Credentials"]["SecretAccessKey"],
                       aws_session_token=assumed["Credentials"]["SessionToken"])
result["identity"] = as_role.get_caller_identity()["Arn"]

result["errors"] = {
    "NoSuchEntity": error_of(lambda: iam.get_role(RoleName="Nobody")),
    "EntityAlreadyExists": error_of(lambda: iam.create_role(RoleName="Interop", AssumeRolePolicyDocument=json.dumps(trust))),
    "MalformedPolicyDocument": error_of(lambda: iam.put_role_policy(RoleName="Interop", PolicyName="bad", PolicyDocument="{")),
    "DeleteConflict": error_of(lambda: iam.delete_role(RoleName="Interop")),
    "ValidationError": error_of(lambda: iam.get_role(RoleName="bad name")),
    "AccessDenied": error_of(lambda: sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/Nobody", RoleSessionName="xy")),
}
print(json.dumps(result))
