"""Drives an S3 endpoint with boto3 and prints what it saw as one JSON object.
Usage: python3 s3_interop.py ENDPOINT_URL RUN_ID. Credentials and region come from the environment."""
import hashlib
import io
import json
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, run = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
bucket = f"interop-{run}"
result = {"client": "boto3 " + boto3.__version__}


def error_of(call):
    try:
        call()
        return None
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message")}


s3.create_bucket(Bucket=bucket)
result["buckets"] = [b["Name"] for b in s3.list_buckets()["Buckets"]]

# put / get / head, with metadata
put = s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"hello, boto3", ContentType="text/plain", Metadata={"owner": "ann"})
result["putETag"] = put["ETag"]
got = s3.get_object(Bucket=bucket, Key="hello.txt")
result["getBody"] = got["Body"].read().decode()
result["getContentType"] = got["ContentType"]
result["getMetadata"] = got["Metadata"]
result["headLength"] = s3.head_object(Bucket=bucket, Key="hello.txt")["ContentLength"]
result["rangeBody"] = s3.get_object(Bucket=bucket, Key="hello.txt", Range="bytes=7-11")["Body"].read().decode()

# keys with spaces and unicode (boto3 lists with encoding-type=url and decodes)
odd = ["a key with spaces.txt", "ünïcödé/日本語 🚀+plus.json", "dots/../x", "trailing/"]
for key in odd:
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
result["oddRoundTrip"] = [s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode() for key in odd]

# paging with continuation tokens
for i in range(7):
    s3.put_object(Bucket=bucket, Key=f"logs/{i:02d}.txt", Body=b"x")
pages = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="logs/", PaginationConfig={"PageSize": 3}):
    pages.append([o["Key"] for o in page.get("Contents", [])])
result["pages"] = pages
listed = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
result["commonPrefixes"] = [p["Prefix"] for p in listed.get("CommonPrefixes", [])]
result["topKeys"] = [o["Key"] for o in listed.get("Contents", [])]
result["allKeys"] = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in p.get("Contents", [])]
result["v1Keys"] = [o["Key"] for o in s3.list_objects(Bucket=bucket, Prefix="ü").get("Contents", [])]

# copy
s3.copy_object(Bucket=bucket, Key="copy of hello.txt", CopySource={"Bucket": bucket, "Key": "hello.txt"})
result["copyBody"] = s3.get_object(Bucket=bucket, Key="copy of hello.txt")["Body"].read().decode()

# multipart through the transfer manager (5 MiB parts), and by hand
data = os.urandom(11 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(data), bucket, "big.bin", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
big = s3.head_object(Bucket=bucket, Key="big.bin")
result["bigETag"] = big["ETag"]
md5s = b"".join(hashlib.md5(data[i:i + 5 * 1024 * 1024]).digest() for i in range(0, len(data), 5 * 1024 * 1024))
result["bigExpectedETag"] = '"' + hashlib.md5(md5s).hexdigest() + '-3"'
out = io.BytesIO()
s3.download_fileobj(bucket, "big.bin", out)
result["bigRoundTrip"] = out.getvalue() == data
upload = s3.create_multipart_upload(Bucket=bucket, Key="manual")
part = s3.upload_part(Bucket=bucket, Key="manual", UploadId=upload["UploadId"], PartNumber=1, Body=b"only part")
s3.complete_multipart_upload(Bucket=bucket, Key="manual", UploadId=upload["UploadId"],
                             MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
result["manualBody"] = s3.get_object(Bucket=bucket, Key="manual")["Body"].read().decode()
aborted = s3.create_multipart_upload(Bucket=bucket, Key="aborted")
s3.abort_multipart_upload(Bucket=bucket, Key="aborted", UploadId=aborted["UploadId"])

# errors
result["errors"] = {
    "NoSuchKey": error_of(lambda: s3.get_object(Bucket=bucket, Key="missing")),
    "HeadMissing": error_of(lambda: s3.head_object(Bucket=bucket, Key="missing")),
    "NoSuchBucket": error_of(lambda: s3.list_objects_v2(Bucket=f"missing-{run}")),
    "BucketAlreadyOwnedByYou": error_of(lambda: s3.create_bucket(Bucket=bucket)),
    "BucketNotEmpty": error_of(lambda: s3.delete_bucket(Bucket=bucket)),
    "NoSuchUpload": error_of(lambda: s3.upload_part(Bucket=bucket, Key="aborted", UploadId=aborted["UploadId"], PartNumber=1, Body=b"x")),
    "InvalidRange": error_of(lambda: s3.get_object(Bucket=bucket, Key="hello.txt", Range="bytes=100-")),
}

# delete everything, then the bucket
keys = [{"Key": k} for k in result["allKeys"]] + [{"Key": "copy of hello.txt"}, {"Key": "big.bin"}, {"Key": "manual"}]
deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})
result["deletedCount"] = len(deleted.get("Deleted", []))
result["deleteErrors"] = deleted.get("Errors", [])
s3.delete_bucket(Bucket=bucket)
result["bucketsAfter"] = [b["Name"] for b in s3.list_buckets()["Buckets"]]
print(json.dumps(result))
