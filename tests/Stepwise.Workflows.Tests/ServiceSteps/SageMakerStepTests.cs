using System.Text.Json.Nodes;
using Stepwise.Workflows.SageMaker;
using Stepwise.Workflows.Serialization;
using static Stepwise.Workflows.Tests.ReferenceVectors;
using static Stepwise.Workflows.Tests.ServiceSteps.SageMakerFixtures;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>SageMaker step behaviour beyond the vectors: tags, channels, hyperparameters, merging, names and wiring.</summary>
public class SageMakerStepTests
{
    private static JsonObject Json(Step step) => AslWriter.Write(step.ToState());

    private static JsonNode Parameters(Step step) => Json(step)["Parameters"]!;

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    [Fact]
    public void Tags_dictionary_becomes_a_key_value_list_in_order()
    {
        var step = new EndpointStep("Endpoint", "e", "c") { Tags = new Dictionary<string, string> { ["Team"] = "ml", ["Stage"] = "dev" } };
        AssertJsonEqual(Parse("""[{"Key":"Team","Value":"ml"},{"Key":"Stage","Value":"dev"}]"""), Parameters(step)["Tags"]);
    }

    [Fact]
    public void Empty_tags_are_omitted_as_in_python()
    {
        var step = new ModelStep("Model", new Model { ImageUri = "img", Role = "role", Name = "m" }) { Tags = new Dictionary<string, string>() };
        Assert.False(Parameters(step).AsObject().ContainsKey("Tags"));
    }

    [Fact]
    public void Tags_placeholder_becomes_a_dollar_key_and_tag_values_may_be_placeholders()
    {
        var input = new ExecutionInput();
        Assert.Equal("$$.Execution.Input['Tags']", Parameters(new EndpointStep("E", "e", "c") { Tags = input["Tags"] })["Tags.$"]!.GetValue<string>());

        var step = new EndpointStep("E", "e", "c") { Tags = new Dictionary<string, object?> { ["Run"] = input["RunId"] } };
        AssertJsonEqual(Parse("""[{"Key":"Run","Value.$":"$$.Execution.Input['RunId']"}]"""), Parameters(step)["Tags"]);
    }

    [Fact]
    public void Estimator_tags_apply_unless_the_step_has_its_own()
    {
        var estimator = Pca with { Tags = new Dictionary<string, string> { ["Owner"] = "estimator" } };
        AssertJsonEqual(Parse("""[{"Key":"Owner","Value":"estimator"}]"""), Parameters(new TrainingStep("T", estimator, "job"))["Tags"]);
        var own = new TrainingStep("T", estimator, "job") { Tags = new Dictionary<string, string> { ["Owner"] = "step" } };
        AssertJsonEqual(Parse("""[{"Key":"Owner","Value":"step"}]"""), Parameters(own)["Tags"]);
    }

    [Fact]
    public void Tags_of_another_type_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new EndpointStep("E", "e", "c") { Tags = 42 }.ToState());
        Assert.Contains("Tags must be a dictionary or a placeholder", e.Message);
    }

    [Fact]
    public void A_string_uri_is_the_single_training_channel()
    {
        var channels = Parameters(new TrainingStep("T", Pca, "job") { Data = "s3://bucket/train" })["InputDataConfig"];
        AssertJsonEqual(Parse("""
            [{"ChannelName":"training","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://bucket/train","S3DataDistributionType":"FullyReplicated"}}}]
            """), channels);
    }

    [Fact]
    public void A_training_input_carries_its_channel_options()
    {
        var data = new TrainingInput("s3://bucket/train")
        {
            ContentType = "text/csv", Compression = "Gzip", Distribution = "ShardedByS3Key", RecordWrapping = "RecordIO",
            InputMode = "Pipe", S3DataType = "ManifestFile", ShuffleSeed = 7, AttributeNames = ["source-ref", "label"],
        };
        AssertJsonEqual(Parse("""
            [{"ChannelName":"training",
              "DataSource":{"S3DataSource":{"S3DataType":"ManifestFile","S3Uri":"s3://bucket/train","S3DataDistributionType":"ShardedByS3Key","AttributeNames":["source-ref","label"]}},
              "CompressionType":"Gzip","ContentType":"text/csv","RecordWrapperType":"RecordIO","InputMode":"Pipe","ShuffleConfig":{"Seed":7}}]
            """), Parameters(new TrainingStep("T", Pca, "job") { Data = data })["InputDataConfig"]);
    }

    [Fact]
    public void A_dictionary_maps_channel_names_to_uris_inputs_or_placeholders()
    {
        var input = new ExecutionInput();
        var data = new Dictionary<string, object>
        {
            ["train"] = "s3://bucket/train",
            ["validation"] = new TrainingInput("s3://bucket/validation") { ContentType = "text/csv" },
            ["test"] = input["TestData"],
        };
        var channels = Parameters(new TrainingStep("T", Pca, "job") { Data = data })["InputDataConfig"]!.AsArray();
        Assert.Equal(["train", "validation", "test"], channels.Select(c => c!["ChannelName"]!.GetValue<string>()));
        Assert.Equal("text/csv", channels[1]!["ContentType"]!.GetValue<string>());
        Assert.Equal("$$.Execution.Input['TestData']", channels[2]!["DataSource"]!["S3DataSource"]!["S3Uri.$"]!.GetValue<string>());
    }

    [Fact]
    public void No_data_means_no_input_data_config()
    {
        Assert.False(Parameters(new TrainingStep("T", Pca, "job")).AsObject().ContainsKey("InputDataConfig"));
    }

    [Fact]
    public void Data_of_another_type_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingStep("T", Pca, "job") { Data = 3.5 }.ToState());
        Assert.Contains("Training data must be a dictionary or a placeholder", e.Message);
    }

    [Fact]
    public void Job_name_can_be_an_execution_input_placeholder()
    {
        var step = new TrainingStep("Training", Pca, new ExecutionInput()["JobName"]);
        var parameters = Parameters(step).AsObject();
        Assert.Equal("$$.Execution.Input['JobName']", parameters["TrainingJobName.$"]!.GetValue<string>());
        Assert.False(parameters.ContainsKey("TrainingJobName"));
    }

    [Fact]
    public void Job_name_must_be_a_string_or_a_placeholder()
    {
        Assert.Throws<ArgumentException>(() => new TrainingStep("Training", Pca, 12));
        Assert.Throws<ArgumentException>(() => new TrainingStep("Training", Pca, ""));
    }

    [Fact]
    public void Hyperparameters_merge_over_the_estimator_and_are_written_like_python_str()
    {
        var step = new TrainingStep("T", Pca, "job")
        {
            MiniBatchSize = 500,
            Hyperparameters = new Dictionary<string, object> { ["num_components"] = 20, ["tol"] = 0.5, ["scale"] = 1.0, ["eps"] = 1e-5, ["subtract_mean"] = false },
        };
        AssertJsonEqual(Parse("""
            {"feature_dim":"50000","num_components":"20","subtract_mean":"False","algorithm_mode":"randomized","mini_batch_size":"500",
             "tol":"0.5","scale":"1.0","eps":"1e-05"}
            """), Parameters(step)["HyperParameters"]);
    }

    [Fact]
    public void A_hyperparameter_value_can_be_a_placeholder()
    {
        var step = new TrainingStep("T", Pca, "job") { Hyperparameters = new Dictionary<string, object> { ["epochs"] = new ExecutionInput()["Epochs"] } };
        Assert.Equal("$$.Execution.Input['Epochs']", Parameters(step)["HyperParameters"]!["epochs.$"]!.GetValue<string>());
    }

    [Fact]
    public void Framework_estimators_json_encode_hyperparameters()
    {
        var estimator = Pca with
        {
            JsonEncodeHyperparameters = true,
            Hyperparameters = new Dictionary<string, object> { ["mode"] = "fast", ["epochs"] = 3, ["lr"] = 0.1, ["shuffle"] = true },
        };
        AssertJsonEqual(Parse("""{"mode":"\"fast\"","epochs":"3","lr":"0.1","shuffle":"true"}"""), Parameters(new TrainingStep("T", estimator, "job"))["HyperParameters"]);
    }

    [Fact]
    public void Estimator_options_fill_their_request_fields()
    {
        var estimator = Pca with
        {
            MaxWaitInSeconds = 7200, UseSpotInstances = true, CheckpointS3Uri = "s3://bucket/checkpoints", CheckpointLocalPath = "/opt/ml/checkpoints",
            EnableNetworkIsolation = true, EncryptInterContainerTraffic = true, OutputKmsKey = "out-key", VolumeKmsKey = "vol-key",
            SubnetIds = ["subnet-1"], SecurityGroupIds = ["sg-1"], InputMode = "Pipe", VolumeSizeInGB = 50, MaxRunInSeconds = 3600,
            Environment = new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" },
            MetricDefinitions = [new MetricDefinition("loss", "loss=([0-9.]+)")],
            Hyperparameters = null,
        };
        var p = Parameters(new TrainingStep("T", estimator, "job"));
        AssertJsonEqual(Parse("""
            {"AlgorithmSpecification":{"TrainingImage":"382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1","TrainingInputMode":"Pipe",
                                       "MetricDefinitions":[{"Name":"loss","Regex":"loss=([0-9.]+)"}]},
             "OutputDataConfig":{"S3OutputPath":"s3://sagemaker/models","KmsKeyId":"out-key"},
             "StoppingCondition":{"MaxRuntimeInSeconds":3600,"MaxWaitTimeInSeconds":7200},
             "ResourceConfig":{"InstanceCount":1,"InstanceType":"ml.c4.xlarge","VolumeSizeInGB":50,"VolumeKmsKeyId":"vol-key"},
             "RoleArn":"execution-role",
             "VpcConfig":{"SecurityGroupIds":["sg-1"],"Subnets":["subnet-1"]},
             "EnableManagedSpotTraining":true,
             "CheckpointConfig":{"S3Uri":"s3://bucket/checkpoints","LocalPath":"/opt/ml/checkpoints"},
             "EnableNetworkIsolation":true,
             "EnableInterContainerTrafficEncryption":true,
             "Environment":{"LOG_LEVEL":"debug"},
             "TrainingJobName":"job"}
            """), p);
    }

    [Fact]
    public void A_training_step_without_any_output_path_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingStep("T", Pca with { OutputPath = null }, "job").ToState());
        Assert.Contains("Training step 'T' has no output path", e.Message);
        var viaParameters = new TrainingStep("T", Pca with { OutputPath = null }, "job")
        {
            Parameters = new { OutputDataConfig = new { S3OutputPath = "s3://bucket/out" } },
        };
        Assert.Equal("s3://bucket/out", Parameters(viaParameters)["OutputDataConfig"]!["S3OutputPath"]!.GetValue<string>());
    }

    [Fact]
    public void Parameters_replace_a_generated_key_and_its_dollar_form()
    {
        var input = new ExecutionInput();
        var step = new TrainingStep("T", Pca, input["JobName"])
        {
            Parameters = new Dictionary<string, object?>
            {
                ["TrainingJobName"] = "fixed",
                ["RoleArn"] = input["Role"],
                ["ResourceConfig"] = new { InstanceCount = 2 },
                ["RetryStrategy"] = new { MaximumRetryAttempts = 2 },
            },
        };
        var p = Parameters(step).AsObject();
        Assert.Equal("fixed", p["TrainingJobName"]!.GetValue<string>());
        Assert.False(p.ContainsKey("TrainingJobName.$"));
        Assert.Equal("$$.Execution.Input['Role']", p["RoleArn.$"]!.GetValue<string>());
        Assert.False(p.ContainsKey("RoleArn"));
        AssertJsonEqual(Parse("""{"InstanceCount":2,"InstanceType":"ml.c4.xlarge","VolumeSizeInGB":30}"""), p["ResourceConfig"]);
        Assert.Equal(2, p["RetryStrategy"]!["MaximumRetryAttempts"]!.GetValue<long>());
    }

    [Fact]
    public void Expected_model_uses_the_estimator_and_the_training_output()
    {
        var training = new TrainingStep("Training", Pca, "TrainingJob");
        var model = training.GetExpectedModel();
        Assert.Equal("TrainingJob", model.Name);
        Assert.Equal(Pca.ImageUri, model.ImageUri);
        Assert.Equal("execution-role", model.Role);
        var data = Assert.IsAssignableFrom<Placeholder>(model.ModelData);
        Assert.Equal("$['ModelArtifacts']['S3ModelArtifacts']", data.ToJsonPath());
        Assert.Same(training, ((StepInput)data.Root).Owner);
    }

    [Fact]
    public void Expected_model_used_by_a_step_not_directly_after_training_is_an_illegal_placeholder()
    {
        var training = new TrainingStep("Training", Pca, "TrainingJob");
        var wait = new WaitStep("Wait") { Seconds = 1 };
        var model = new ModelStep("Save Model", training.GetExpectedModel());
        var e = Assert.Throws<ArgumentException>(() => new Graph(new Chain(training, wait, model)).Build());
        Assert.Contains("State 'Save Model' is using an illegal placeholder", e.Message);
    }

    [Fact]
    public void Model_step_needs_a_name()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new ModelStep("Model", new Model { ImageUri = "img", Role = "role" }));
        Assert.Contains("model name", e.Message);
    }

    [Fact]
    public void Model_environment_goes_to_the_primary_container()
    {
        var model = new Model { ImageUri = "img", Role = "role", Name = "m", Environment = new Dictionary<string, string> { ["SAGEMAKER_PROGRAM"] = "serve" } };
        AssertJsonEqual(Parse("""{"Environment":{"SAGEMAKER_PROGRAM":"serve"},"Image":"img"}"""), Parameters(new ModelStep("Model", model))["PrimaryContainer"]);
    }

    [Fact]
    public void Update_endpoint_calls_updateEndpoint_with_the_same_request()
    {
        var step = new EndpointStep("Update", "MyEndPoint", "MyEndpointConfig-v2", update: true);
        var json = Json(step);
        Assert.Equal("arn:aws:states:::sagemaker:updateEndpoint", json["Resource"]!.GetValue<string>());
        AssertJsonEqual(Parse("""{"EndpointConfigName":"MyEndpointConfig-v2","EndpointName":"MyEndPoint"}"""), json["Parameters"]);
    }

    [Fact]
    public void Update_endpoint_rejects_tags_which_UpdateEndpoint_does_not_take()
    {
        var e = Assert.Throws<ArgumentException>(() => new EndpointStep("Update", "e", "c", update: true) { Tags = new Dictionary<string, string> { ["a"] = "b" } });
        Assert.Contains("UpdateEndpoint takes no Tags", e.Message);
    }

    [Fact]
    public void Endpoint_config_takes_placeholders_and_a_variant_name()
    {
        var input = new ExecutionInput();
        var step = new EndpointConfigStep("Config", input["ConfigName"], input["ModelName"], 2, input["InstanceType"]) { VariantName = "Blue" };
        AssertJsonEqual(Parse("""
            {"EndpointConfigName.$":"$$.Execution.Input['ConfigName']",
             "ProductionVariants":[{"InitialInstanceCount":2,"InstanceType.$":"$$.Execution.Input['InstanceType']","ModelName.$":"$$.Execution.Input['ModelName']","VariantName":"Blue"}]}
            """), Parameters(step));
        Assert.Throws<ArgumentException>(() => new EndpointConfigStep("Config", "c", "m", "two", "ml.m5.large"));
    }

    [Fact]
    public void Data_capture_options_and_content_types_follow_the_request_shape()
    {
        var capture = new DataCaptureConfig
        {
            DestinationS3Uri = "s3://bucket/capture", KmsKeyId = "key", CaptureOptions = ["REQUEST"], CsvContentTypes = null,
        };
        var step = new EndpointConfigStep("Config", "c", "m", 1, "ml.m5.large") { DataCaptureConfig = capture };
        AssertJsonEqual(Parse("""
            {"EnableCapture":true,"InitialSamplingPercentage":20,"DestinationS3Uri":"s3://bucket/capture","KmsKeyId":"key",
             "CaptureOptions":[{"CaptureMode":"Input"}],"CaptureContentTypeHeader":{"JsonContentTypes":["application/json"]}}
            """), Parameters(step)["DataCaptureConfig"]);
    }

    [Fact]
    public void Transform_step_without_wait_and_with_transformer_options()
    {
        var transformer = new Transformer
        {
            ModelName = "ignored", InstanceCount = 2, InstanceType = "ml.m5.large", OutputPath = "s3://bucket/out",
            Strategy = "MultiRecord", AssembleWith = "Line", Accept = "text/csv", OutputKmsKey = "out-key", VolumeKmsKey = "vol-key",
            MaxConcurrentTransforms = 4, MaxPayloadInMB = 6, Environment = new Dictionary<string, string> { ["A"] = "1" },
        };
        var input = new ExecutionInput();
        var step = new TransformStep("Transform", transformer, input["JobName"], "model", "s3://bucket/in", waitForCompletion: false)
        {
            ContentType = "text/csv", CompressionType = "Gzip", SplitType = "Line",
        };
        var json = Json(step);
        Assert.Equal("arn:aws:states:::sagemaker:createTransformJob", json["Resource"]!.GetValue<string>());
        AssertJsonEqual(Parse("""
            {"TransformJobName.$":"$$.Execution.Input['JobName']","ModelName":"model",
             "TransformInput":{"DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://bucket/in"}},"ContentType":"text/csv","CompressionType":"Gzip","SplitType":"Line"},
             "TransformOutput":{"S3OutputPath":"s3://bucket/out","KmsKeyId":"out-key","AssembleWith":"Line","Accept":"text/csv"},
             "TransformResources":{"InstanceCount":2,"InstanceType":"ml.m5.large","VolumeKmsKeyId":"vol-key"},
             "BatchStrategy":"MultiRecord","MaxConcurrentTransforms":4,"MaxPayloadInMB":6,"Environment":{"A":"1"}}
            """), json["Parameters"]);
    }

    [Fact]
    public void Tuning_job_definition_keeps_static_hyperparameters_and_metrics()
    {
        var tuner = new HyperparameterTuner
        {
            Estimator = TensorFlow,
            ObjectiveMetricName = "test:msd",
            HyperparameterRanges = new Dictionary<string, ParameterRange>
            {
                ["learning_rate"] = new ContinuousParameter(0.01, 0.2) { ScalingType = "Logarithmic" },
                ["training_steps"] = new IntegerParameter(100, 1000),
            },
        };
        var json = Json(new TuningStep("Tuning", tuner, "tuning-job", "s3://sagemaker/train", waitForCompletion: false));
        Assert.Equal("arn:aws:states:::sagemaker:createHyperParameterTuningJob", json["Resource"]!.GetValue<string>());
        var config = json["Parameters"]!["HyperParameterTuningJobConfig"]!;
        AssertJsonEqual(Parse("""[{"Name":"learning_rate","MinValue":"0.01","MaxValue":"0.2","ScalingType":"Logarithmic"}]"""),
            config["ParameterRanges"]!["ContinuousParameterRanges"]);
        AssertJsonEqual(Parse("""{"Type":"Maximize","MetricName":"test:msd"}"""), config["HyperParameterTuningJobObjective"]);
        AssertJsonEqual(Parse("""
            {"AlgorithmSpecification":{"TrainingImage":"520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tensorflow:1.13-gpu-py2","TrainingInputMode":"File",
                                       "MetricDefinitions":[{"Name":"test:msd","Regex":"msd=([0-9.]+)"}]},
             "OutputDataConfig":{"S3OutputPath":"s3://sagemaker/models"},
             "StoppingCondition":{"MaxRuntimeInSeconds":86400},
             "ResourceConfig":{"InstanceCount":1,"InstanceType":"ml.p2.xlarge","VolumeSizeInGB":30},
             "RoleArn":"execution-role",
             "InputDataConfig":[{"ChannelName":"training","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://sagemaker/train","S3DataDistributionType":"FullyReplicated"}}}],
             "StaticHyperParameters":{"evaluation_steps":"100","checkpoint_path":"\"s3://sagemaker/models/checkpoints\""}}
            """), json["Parameters"]!["TrainingJobDefinition"]);
    }

    [Fact]
    public void Categorical_values_are_plain_strings_for_non_framework_estimators()
    {
        var tuner = new HyperparameterTuner
        {
            Estimator = Pca, ObjectiveMetricName = "test:loss",
            HyperparameterRanges = new Dictionary<string, ParameterRange> { ["algorithm_mode"] = new CategoricalParameter(["regular", "randomized", 3]) },
        };
        var ranges = Parameters(new TuningStep("Tuning", tuner, "job", null))["HyperParameterTuningJobConfig"]!["ParameterRanges"]!;
        AssertJsonEqual(Parse("""[{"Name":"algorithm_mode","Values":["regular","randomized","3"]}]"""), ranges["CategoricalParameterRanges"]);
    }

    [Fact]
    public void Processing_step_builds_the_processing_request()
    {
        var processor = new Processor
        {
            Role = "execution-role", ImageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1", InstanceCount = 1, InstanceType = "ml.m5.xlarge",
            Entrypoint = ["python3", "/opt/ml/processing/input/code/prep.py"], MaxRuntimeInSeconds = 3600, VolumeKmsKey = "vol-key",
            Environment = new Dictionary<string, string> { ["MODE"] = "full" },
            NetworkConfig = new NetworkConfig { EnableNetworkIsolation = true, Subnets = ["subnet-1"], SecurityGroupIds = ["sg-1"] },
        };
        var input = new ExecutionInput();
        var step = new ProcessingStep("Preprocess", processor, input["PreprocessingJobName"])
        {
            Inputs = [new ProcessingInput(input["RawData"], "/opt/ml/processing/input"), new ProcessingInput("s3://bucket/code", "/opt/ml/processing/input/code") { InputName = "code" }],
            Outputs = [new ProcessingOutput("/opt/ml/processing/train", "s3://bucket/train") { OutputName = "train" }],
            ContainerArguments = ["--split", "0.8"],
            KmsKeyId = "out-key",
            ExperimentConfig = new { ExperimentName = "prep" },
            Tags = new Dictionary<string, string> { ["Purpose"] = "unittests" },
        };
        var json = Json(step);
        Assert.Equal("arn:aws:states:::sagemaker:createProcessingJob.sync", json["Resource"]!.GetValue<string>());
        AssertJsonEqual(Parse("""
            {"ProcessingJobName.$":"$$.Execution.Input['PreprocessingJobName']",
             "ProcessingInputs":[
               {"InputName":"input-1","AppManaged":false,"S3Input":{"S3Uri.$":"$$.Execution.Input['RawData']","LocalPath":"/opt/ml/processing/input","S3DataType":"S3Prefix","S3InputMode":"File","S3DataDistributionType":"FullyReplicated","S3CompressionType":"None"}},
               {"InputName":"code","AppManaged":false,"S3Input":{"S3Uri":"s3://bucket/code","LocalPath":"/opt/ml/processing/input/code","S3DataType":"S3Prefix","S3InputMode":"File","S3DataDistributionType":"FullyReplicated","S3CompressionType":"None"}}],
             "ProcessingOutputConfig":{"Outputs":[{"OutputName":"train","AppManaged":false,"S3Output":{"S3Uri":"s3://bucket/train","LocalPath":"/opt/ml/processing/train","S3UploadMode":"EndOfJob"}}],"KmsKeyId":"out-key"},
             "ExperimentConfig":{"ExperimentName":"prep"},
             "AppSpecification":{"ImageUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1","ContainerArguments":["--split","0.8"],"ContainerEntrypoint":["python3","/opt/ml/processing/input/code/prep.py"]},
             "RoleArn":"execution-role",
             "Environment":{"MODE":"full"},
             "NetworkConfig":{"EnableNetworkIsolation":true,"VpcConfig":{"SecurityGroupIds":["sg-1"],"Subnets":["subnet-1"]}},
             "ProcessingResources":{"ClusterConfig":{"InstanceCount":1,"InstanceType":"ml.m5.xlarge","VolumeSizeInGB":30,"VolumeKmsKeyId":"vol-key"}},
             "StoppingCondition":{"MaxRuntimeInSeconds":3600},
             "Tags":[{"Key":"Purpose","Value":"unittests"}]}
            """), json["Parameters"]);
    }

    [Fact]
    public void Processing_step_without_wait_has_no_suffix() =>
        Assert.Equal("arn:aws:states:::sagemaker:createProcessingJob",
            new ProcessingStep("P", new Processor { Role = "r", ImageUri = "i", InstanceCount = 1, InstanceType = "t" }, "job", waitForCompletion: false).Resource);

    [Fact]
    public void SageMaker_steps_resources_without_wait()
    {
        Assert.Equal(Expected("sagemaker_training_step_no_wait_resource")["Resource"]!.GetValue<string>(),
            new TrainingStep("T", Pca, "job", waitForCompletion: false).Resource);
        Assert.Equal("arn:aws:states:::sagemaker:createModel", new ModelStep("M", new Model { ImageUri = "i", Role = "r", Name = "n" }).Resource);
        Assert.Equal("arn:aws:states:::sagemaker:createEndpointConfig", new EndpointConfigStep("C", "c", "m", 1, "t").Resource);
        Assert.Equal("arn:aws:states:::sagemaker:createEndpoint", new EndpointStep("E", "e", "c").Resource);
    }
}
