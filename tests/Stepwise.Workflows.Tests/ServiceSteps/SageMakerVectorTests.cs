using System.Text.Json.Nodes;
using Stepwise.Workflows.SageMaker;
using Stepwise.Workflows.Serialization;
using Stepwise.Workflows.Templates;
using static Stepwise.Workflows.Tests.ReferenceVectors;
using static Stepwise.Workflows.Tests.ServiceSteps.SageMakerFixtures;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>The Python SDK's vectors for the SageMaker steps and the training pipeline template, key for key.</summary>
public class SageMakerVectorTests
{
    private static readonly Dictionary<string, string> Purpose = new() { ["Purpose"] = "unittests" };

    private static JsonObject Json(Step step) => AslWriter.Write(step.ToState());

    [Fact]
    public void Training_step_from_an_estimator() => AssertJsonEqual(Expected("sagemaker_training_step"),
        Json(new TrainingStep("Training", Pca, "TrainingJob")
        {
            ExperimentConfig = new { ExperimentName = "pca_experiment", TrialName = "pca_trial", TrialComponentDisplayName = "Training" },
            OutputDataConfigPath = "s3://sagemaker-us-east-1-111111111111",
            Tags = Purpose,
        }));

    [Fact]
    public void Training_step_without_wait_only_changes_the_resource()
    {
        var json = Json(new TrainingStep("Training", Pca, "TrainingJob", waitForCompletion: false));
        AssertJsonEqual(Expected("sagemaker_training_step_no_wait_resource")["Resource"], json["Resource"]);
    }

    [Fact]
    public void Training_step_with_placeholders_merges_parameters_over_the_request()
    {
        var input = new ExecutionInput();
        var step = new TrainingStep("Training", Pca, new StepInput()["JobName"])
        {
            Data = input["Data"],
            OutputDataConfigPath = input["OutputPath"],
            ExperimentConfig = input["ExperimentConfig"],
            Tags = input["Tags"],
            MiniBatchSize = 1000,
            Hyperparameters = input["HyperParameters"],
            Parameters = new Dictionary<string, object?>
            {
                ["AlgorithmSpecification"] = new Dictionary<string, object?>
                {
                    ["TrainingImage"] = PcaImage,
                    ["TrainingInputMode"] = "File",
                    ["MetricDefinitions"] = input["MetricDefinitions"],
                    ["EnableSageMakerMetricsTimeSeries"] = input["EnableSagemakerMetrics"],
                },
                ["CheckpointConfig"] = new Dictionary<string, object?> { ["S3Uri"] = input["CheckpointS3Uri"], ["LocalPath"] = input["CheckpointLocalPath"] },
                ["EnableNetworkIsolation"] = input["EnableNetworkIsolation"],
                ["StoppingCondition"] = new Dictionary<string, object?> { ["MaxRuntimeInSeconds"] = input["MaxRun"], ["MaxWaitTimeInSeconds"] = input["MaxWait"] },
                ["ResourceConfig"] = new Dictionary<string, object?> { ["InstanceCount"] = input["InstanceCount"], ["InstanceType"] = input["InstanceType"] },
                ["Environment"] = input["Environment"],
                ["ExperimentConfig"] = input["ExperimentConfig"],
            },
        };
        AssertJsonEqual(Expected("sagemaker_training_step_placeholders"), Json(step)["Parameters"]);
    }

    [Fact]
    public void Training_then_expected_model_wires_the_artifacts_placeholder()
    {
        var training = new TrainingStep("Training", Pca, "TrainingJob");
        var model = new ModelStep("Training - Save Model", training.GetExpectedModel(modelName: training.Output()["TrainingJobName"]));
        training.Next(model);
        AssertJsonEqual(Expected("sagemaker_training_then_expected_model"), new Graph(training).Build().ToJsonNode()["States"]);
    }

    [Fact]
    public void Model_step_from_a_plain_model() => AssertJsonEqual(Expected("sagemaker_model_step"),
        Json(new ModelStep("Create model",
            new Model { ModelData = "s3://sagemaker/models/pca.tar.gz", ImageUri = PcaImage, Role = "execution-role", Name = "pca-model" },
            modelName: "pca-model") { Tags = Purpose }));

    [Fact]
    public void Endpoint_config_step_with_data_capture() => AssertJsonEqual(Expected("sagemaker_endpoint_config_step"),
        Json(new EndpointConfigStep("Endpoint Config", "MyEndpointConfig", "pca-model", 1, "ml.p2.xlarge")
        {
            DataCaptureConfig = new DataCaptureConfig { EnableCapture = true, SamplingPercentage = 100, DestinationS3Uri = "s3://sagemaker/datacapture" },
            Tags = Purpose,
        }));

    [Fact]
    public void Endpoint_step_creates_an_endpoint() => AssertJsonEqual(Expected("sagemaker_endpoint_step_create"),
        Json(new EndpointStep("Endpoint", "MyEndPoint", "MyEndpointConfig") { Tags = Purpose }));

    [Fact]
    public void Transform_step_with_filters_and_experiment() => AssertJsonEqual(Expected("sagemaker_transform_step"),
        Json(new TransformStep("Inference",
            new Transformer { ModelName = "pca-model", InstanceCount = 1, InstanceType = "ml.c4.xlarge", OutputPath = "s3://sagemaker/transform-output" },
            jobName: "transform-job", modelName: "pca-model", data: "s3://sagemaker/inference")
        {
            ExperimentConfig = new { ExperimentName = "pca_experiment", TrialName = "pca_trial", TrialComponentDisplayName = "Transform" },
            Tags = Purpose,
            JoinSource = "Input",
            OutputFilter = "$[2:]",
            InputFilter = "$[1:]",
        }));

    [Fact]
    public void Tuning_step_resource_and_tuning_config()
    {
        var tuner = new HyperparameterTuner
        {
            Estimator = TensorFlow,
            ObjectiveMetricName = "test:msd",
            HyperparameterRanges = new Dictionary<string, ParameterRange>
            {
                ["extra_center_factor"] = new IntegerParameter(4, 10),
                ["epochs"] = new IntegerParameter(1, 2),
                ["init_method"] = new CategoricalParameter(["kmeans++", "random"]),
            },
            ObjectiveType = "Minimize",
            MaxJobs = 2,
            MaxParallelJobs = 2,
        };
        var json = Json(new TuningStep("Tuning", tuner, "tensorflow-job", new Dictionary<string, string> { ["train"] = "s3://sagemaker/train" }) { Tags = Purpose });

        var expected = Expected("sagemaker_tuning_step_resource_and_config");
        AssertJsonEqual(expected["Resource"], json["Resource"]);
        foreach (var (key, value) in expected["Parameters"]!.AsObject())
            AssertJsonEqual(value, json["Parameters"]![key]);
    }

    [Fact]
    public void Training_pipeline_template_reads_every_parameter_from_the_execution_input()
    {
        var pipeline = new TrainingPipeline(Pca, "arn:aws:iam::123456789012:role/StepFunctionsRole",
            new Dictionary<string, string> { ["train"] = "s3://sagemaker/pca/train" }, "sagemaker-us-east-1");
        AssertJsonEqual(Expected("training_pipeline_template_states"), pipeline.Build().Definition.ToJsonNode()["States"]);
    }

    /// <summary>The vectors this folder asserts (ServiceVectorTests and this class), to catch a vector added without a test.</summary>
    private static readonly string[] Covered =
    [
        "lambda_default", "lambda_wait_for_callback", "lambda_function_name_payload_resultpath", "glue_sync_default", "batch_no_wait",
        "ecs_sync", "sns_publish_callback", "sqs_send", "dynamodb_get_item", "eventbridge_put_events", "emr_create_cluster_no_wait",
        "eks_create_cluster_wait_for_token_rejected", "databrew_default", "sfn_start_execution_default", "sagemaker_training_step",
        "sagemaker_training_step_no_wait_resource", "sagemaker_training_step_placeholders", "sagemaker_training_then_expected_model",
        "sagemaker_model_step", "sagemaker_endpoint_config_step", "sagemaker_endpoint_step_create", "sagemaker_transform_step",
        "sagemaker_tuning_step_resource_and_config", "training_pipeline_template_states",
    ];

    [Fact]
    public void Every_sagemaker_and_service_vector_is_covered_here()
    {
        string[] prefixes = ["lambda_", "glue_", "batch_", "ecs_", "sns_", "sqs_", "dynamodb_", "eventbridge_", "emr_", "eks_", "databrew_", "sfn_", "sagemaker_", "training_pipeline_"];
        Assert.Equal(Covered.Order(), Names.Where(n => prefixes.Any(n.StartsWith)).Order());
    }
}
