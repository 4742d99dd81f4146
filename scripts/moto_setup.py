#!/usr/bin/env python3
"""Prepare a running moto server for Herald's AWS adapter tests and turn its IAM authentication on.

Creates an IAM user with an access key allowed everything, an SES domain identity `acme.test` (moto's SES refuses
unverified senders, as SES does), then sets moto's INITIAL_NO_AUTH_ACTION_COUNT to 0 through its control API: from
then on every request must carry a valid Signature V4 of that key, or moto answers 403. Prints the key as JSON.

    moto_setup.py http://127.0.0.1:PORT   ->   {"keyId": "...", "secret": "..."}
"""

import json
import sys
import urllib.request

import boto3

url = sys.argv[1].rstrip("/")
anonymous = dict(endpoint_url=url, aws_access_key_id="setup", aws_secret_access_key="setup")
iam = boto3.client("iam", region_name="us-east-1", **anonymous)
iam.create_user(UserName="herald")
policy = iam.create_policy(PolicyName="herald-send", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
iam.attach_user_policy(UserName="herald", PolicyArn=policy["Policy"]["Arn"])
key = iam.create_access_key(UserName="herald")["AccessKey"]
boto3.client("sesv2", region_name="eu-west-1", **anonymous).create_email_identity(EmailIdentity="acme.test")
request = urllib.request.Request(
    f"{url}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})
urllib.request.urlopen(request).read()
print(json.dumps({"keyId": key["AccessKeyId"], "secret": key["SecretAccessKey"]}))
