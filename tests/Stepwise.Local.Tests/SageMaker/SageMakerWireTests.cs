using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Aws;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Testing;
using Stepwise.Local.Tests.Interop;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class SageMakerWireTests(TinyContainerFixture image)
{
    [Fact]
    public async Task The_AWS_client_creates_and_describes_a_training_job_over_the_wire()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image, new LocalCloudEnvironmentOptions());
        var sageMaker = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = scenario.Environment.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("a", "b"),
        }).SageMaker;

        var created = await sageMaker.CreateTrainingJobAsync(scenario.Request("tiny-wire"));
        await scenario.WaitAsync("tiny-wire");
        var job = await sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "tiny-wire" });

        Assert.Equal(created.TrainingJobArn, job.TrainingJobArn);
        Assert.Equal(TrainingJobStatus.Completed, job.TrainingJobStatus);
        Assert.Equal("s3://bucket/output/tiny-wire/output/model.tar.gz", job.ModelArtifacts.S3ModelArtifacts);
        Assert.Equal(0.5, job.FinalMetricDataList!.Single(m => m.MetricName == "train:loss").Value);
        Assert.Equal("2", job.HyperParameters!["epochs"]);
        Assert.Equal(5, job.SecondaryStatusTransitions!.Count);
        Assert.Equal("tiny-wire", Assert.Single((await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest())).TrainingJobSummaries).TrainingJobName);

        var missing = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "nope" }));
        Assert.Equal(("ValidationException", "Requested resource not found."), (missing.ErrorCode, missing.Message));
    }

    [Fact]
    public async Task A_ModelErrors_OriginalStatusCode_is_a_JSON_number_on_the_wire_and_boto3_reads_it()
    {
        var python = await Hosting.ImageTools.PythonWithBoto3Async();
        await using var scenario = await EndpointScenario.StartAsync(image, new LocalCloudEnvironmentOptions());
        Assert.Equal(EndpointStatus.InService, (await scenario.DeployAsync("tiny-wire-ep", scenario.Model("tiny-model"))).EndpointStatus);
        const string script = """
            import boto3, json, sys
            from botocore.config import Config
            client = boto3.client("sagemaker-runtime", endpoint_url=sys.argv[1], region_name="us-east-1",
                                  aws_access_key_id="a", aws_secret_access_key="b", config=Config(retries={"max_attempts": 1}))
            try:
                client.invoke_endpoint(EndpointName=sys.argv[2], Body=b"fail now", ContentType="text/csv")
                print(json.dumps({"error": None}))
            except client.exceptions.ModelError as e:
                status = e.response.get("OriginalStatusCode")
                print(json.dumps({"code": e.response["Error"]["Code"], "status": status, "type": type(status).__name__,
                                  "message": e.response.get("OriginalMessage"), "log": e.response.get("LogStreamArn")}))
            """;
        var result = await InteropProcess.RunAsync(python, ["-c", script, scenario.Environment.Endpoint.ToString(), "tiny-wire-ep"],
            TimeSpan.FromMinutes(1), InteropProcess.AwsEnvironment());
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = JsonNode.Parse(result.Stdout)!;

        Assert.Equal(("ModelError", 500, "int"), ((string?)seen["code"], (int?)seen["status"], (string?)seen["type"]));
        Assert.Equal("tiny model failed on 'fail now'", (string?)seen["message"]);
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/tiny-wire-ep", (string?)seen["log"]);

        // boto3 would read "500" as 500 too; the JS SDK and stricter clients would not: the body itself has a number.
        using var http = new HttpClient();
        using var raw = await http.PostAsync(new Uri(scenario.Environment.Endpoint, "endpoints/tiny-wire-ep/invocations"), new StringContent("fail raw", Encoding.UTF8, "text/csv"));
        var body = JsonNode.Parse(await raw.Content.ReadAsStringAsync())!;
        Assert.Equal((424, "ModelError"), ((int)raw.StatusCode, (string?)body["__type"]));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["OriginalStatusCode"]!.GetValueKind());
        Assert.Equal(500, body["OriginalStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_request_member_the_shape_does_not_have_is_ignored_as_SageMakers_awsJson_ignores_it()
    {
        await using var scenario = await TrainingJobScenario.StartAsync(image, new LocalCloudEnvironmentOptions());
        var request = JsonNode.Parse(SageMakerJson.Serialize(scenario.Request("tiny-unknown")))!.AsObject();
        request["NoSuchMember"] = "x";
        request["ResourceConfig"]!["AlsoUnknown"] = 3;
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, scenario.Environment.Endpoint)
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.CreateTrainingJob");
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:training-job/tiny-unknown", (string?)JsonNode.Parse(text)!["TrainingJobArn"]);
        Assert.Equal(TrainingJobStatus.Completed, (await scenario.WaitAsync("tiny-unknown")).TrainingJobStatus);
    }
}
