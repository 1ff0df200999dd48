"""Drives local ECR and CodeBuild (awsJson 1.1) and S3 with boto3: a repository, a source folder in S3, a project whose
build pushes to a repository that does not exist (so no image build is needed here), and prints what it saw as JSON.
Usage: python3 ecr_codebuild_interop.py ENDPOINT_URL. Credentials and region come from the environment."""
import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1})
ecr = boto3.client("ecr", endpoint_url=endpoint, config=config)
codebuild = boto3.client("codebuild", endpoint_url=endpoint, config=config)
s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
result = {}


def error_of(call):
    try:
        call()
        return None
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message")}


repository = ecr.create_repository(repositoryName="stepwise-maskrcnn")["repository"]
result["repositoryUri"] = repository["repositoryUri"]
result["createdAtIsTime"] = hasattr(repository["createdAt"], "year")
result["errors"] = {
    "duplicate": error_of(lambda: ecr.create_repository(repositoryName="stepwise-maskrcnn")),
    "missing": error_of(lambda: ecr.describe_images(repositoryName="absent")),
    "projectMissing": error_of(lambda: codebuild.start_build(projectName="absent")),
}
result["repositories"] = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]

s3.create_bucket(Bucket="build-inputs")
s3.put_object(Bucket="build-inputs", Key="src/buildspec.yml", Body=b"""version: 0.2
phases:
  build:
    commands:
      - echo "building $IMAGE_TAG for $AWS_DEFAULT_REGION"
      - stepwise-image push missing/app.csproj absent-repository:$IMAGE_TAG
""")
codebuild.create_project(
    name="interop", source={"type": "S3", "location": "build-inputs/src/"}, artifacts={"type": "NO_ARTIFACTS"},
    environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL",
                 "environmentVariables": [{"name": "IMAGE_TAG", "value": "v1", "type": "PLAINTEXT"}]},
    serviceRole="arn:aws:iam::123456789012:role/StepwiseCodeBuildRole")
build = codebuild.start_build(projectName="interop")["build"]
for _ in range(300):
    build = codebuild.batch_get_builds(ids=[build["id"]])["builds"][0]
    if build["buildComplete"]:
        break
    time.sleep(0.1)
result["build"] = {
    "status": build["buildStatus"],
    "phases": [[p["phaseType"], p.get("phaseStatus")] for p in build["phases"]],
    "context": [c for p in build["phases"] if p["phaseType"] == "BUILD" for c in p.get("contexts", [])],
    "logGroup": build["logs"]["groupName"],
}
result["builds"] = codebuild.list_builds_for_project(projectName="interop")["ids"]
print(json.dumps(result, default=str))
