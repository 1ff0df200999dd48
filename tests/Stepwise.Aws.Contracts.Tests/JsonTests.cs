using System.Text.Json.Nodes;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Aws.Contracts.Tests;

public sealed class JsonTests
{
    private static CreateTrainingJobRequest TrainingJob() => new()
    {
        TrainingJobName = "pennfudan-1",
        RoleArn = "arn:aws:iam::123456789012:role/SageMakerRole",
        AlgorithmSpecification = new AlgorithmSpecification
        {
            TrainingImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/stepwise:latest",
            TrainingInputMode = TrainingInputMode.File,
        },
        HyperParameters = new Dictionary<string, string> { ["epochs"] = "12" },
        InputDataConfig = [new Channel { ChannelName = "train", DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = "s3://bucket/train/" } } }],
        OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://bucket/output/" },
        ResourceConfig = new ResourceConfig { InstanceType = TrainingInstanceType.MlM5Large, InstanceCount = 1, VolumeSizeInGB = 10 },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 3600 },
    };

    [Fact]
    public void A_SageMaker_training_job_request_travels_with_the_models_PascalCase_names_and_round_trips()
    {
        var json = SageMakerJson.Serialize(TrainingJob());
        var node = JsonNode.Parse(json)!;
        Assert.Equal("pennfudan-1", (string?)node["TrainingJobName"]);
        Assert.Equal("File", (string?)node["AlgorithmSpecification"]!["TrainingInputMode"]);
        Assert.Equal("ml.m5.large", (string?)node["ResourceConfig"]!["InstanceType"]);
        Assert.Equal("S3Prefix", (string?)node["InputDataConfig"]![0]!["DataSource"]!["S3DataSource"]!["S3DataType"]);
        Assert.Equal("12", (string?)node["HyperParameters"]!["epochs"]);
        Assert.Null(node["VpcConfig"]); // absent members are omitted
        Assert.Equal(json, SageMakerJson.Serialize(SageMakerJson.Deserialize<CreateTrainingJobRequest>(json)));
    }

    [Fact]
    public void Required_members_may_be_missing_on_the_wire_and_are_reported_as_AWS_names_them()
    {
        var request = SageMakerJson.Deserialize<CreateTrainingJobRequest>("""{"TrainingJobName":"j","OutputDataConfig":{},"InputDataConfig":[{"ChannelName":"train"}]}""");
        Assert.Equal(["RoleArn", "InputDataConfig.1.member.DataSource", "OutputDataConfig.S3OutputPath"], SageMakerJson.MissingRequiredMembers(request));
        Assert.Empty(SageMakerJson.MissingRequiredMembers(TrainingJob()));
    }

    [Fact]
    public void Json_services_write_timestamps_as_epoch_seconds()
    {
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500);
        var json = JsonNode.Parse(SageMakerJson.Serialize(new DescribeEndpointOutput
        {
            EndpointName = "e", EndpointArn = "arn", EndpointStatus = EndpointStatus.InService, CreationTime = created, LastModifiedTime = created,
        }))!;
        Assert.Equal(1_700_000_000.5m, json["CreationTime"]!.GetValue<decimal>());
        var read = SageMakerJson.Deserialize<DescribeEndpointOutput>("""{"EndpointName":"e","CreationTime":1700000000.5}""");
        Assert.Equal(created, read.CreationTime);
        Assert.Equal(created, StepFunctionsJson.Deserialize<DescribeStateMachineOutput>("""{"creationDate":1700000000.5}""").CreationDate);
    }

    [Fact]
    public void Query_services_write_timestamps_as_ISO_8601()
    {
        var role = new Role { Path = "/", RoleName = "r", RoleId = "AROA", Arn = "arn:aws:iam::123456789012:role/r", CreateDate = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero) };
        var json = JsonNode.Parse(IamJson.Serialize(role))!;
        Assert.Equal("2025-01-02T03:04:05+00:00", (string?)json["CreateDate"]);
    }

    [Fact]
    public void Blobs_are_base64_in_json_bodies()
    {
        var code = LambdaJson.Serialize(new FunctionCode { ZipFile = [1, 2, 3] });
        Assert.Equal("""{"ZipFile":"AQID"}""", code);
    }

    [Fact]
    public void A_shape_named_like_a_System_type_takes_its_services_name()
    {
        var request = LambdaJson.Serialize(new UpdateFunctionConfigurationRequest
        {
            FunctionName = "f",
            Environment = new LambdaEnvironment { Variables = new Dictionary<string, string> { ["A"] = "1" } },
        });
        Assert.Equal("""{"FunctionName":"f","Environment":{"Variables":{"A":"1"}}}""", request);
    }
}
