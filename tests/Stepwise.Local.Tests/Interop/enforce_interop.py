"""Acts as a role session over the local host with boto3 and prints what each call answered as one JSON object.
Usage: python3 enforce_interop.py ENDPOINT_URL ROLE_ARN. The admin's credentials come from the environment; the
session's from STS AssumeRole."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, role_arn = sys.argv[1], sys.argv[2]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
admin_s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
admin_s3.create_bucket(Bucket="data")
admin_s3.put_object(Bucket="data", Key="train/a.txt", Body=b"a")

credentials = boto3.client("sts", endpoint_url=endpoint, config=config).assume_role(
    RoleArn=role_arn, RoleSessionName="boto3")["Credentials"]
session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
                        aws_session_token=credentials["SessionToken"], region_name="us-east-1")


def client(name):
    return session.client(name, endpoint_url=endpoint, config=config)


def outcome(call):
    try:
        call()
        return {"ok": True}
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message")}


s3 = client("s3")
result = {
    "identity": client("sts").get_caller_identity()["Arn"],
    "GetObject": outcome(lambda: s3.get_object(Bucket="data", Key="train/a.txt")),
    "PutObject": outcome(lambda: s3.put_object(Bucket="data", Key="out/b.txt", Body=b"b")),
    "PutObjectElsewhere": outcome(lambda: s3.put_object(Bucket="data", Key="train/c.txt", Body=b"c")),
    "ListObjectsV2": outcome(lambda: s3.list_objects_v2(Bucket="data", Prefix="train/")),
    "ListTrainingJobs": outcome(lambda: client("sagemaker").list_training_jobs()),
    "ListStateMachines": outcome(lambda: client("stepfunctions").list_state_machines()),
    "ListFunctions": outcome(lambda: client("lambda").list_functions()),
    "GetRole": outcome(lambda: client("iam").get_role(RoleName="Notebook")),
    "DescribeRepositories": outcome(lambda: client("ecr").describe_repositories()),
    "AdminGetObject": outcome(lambda: admin_s3.get_object(Bucket="data", Key="train/a.txt")),
}
print(json.dumps(result))
