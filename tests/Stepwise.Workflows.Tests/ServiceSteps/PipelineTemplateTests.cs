using System.Text.Json.Nodes;
using Stepwise.Workflows.SageMaker;
using Stepwise.Workflows.Templates;
using static Stepwise.Workflows.Tests.ReferenceVectors;
using static Stepwise.Workflows.Tests.ServiceSteps.SageMakerFixtures;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>The training and inference pipeline templates: parameterized states and the execution input of one run.</summary>
public class PipelineTemplateTests
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";

    private static TrainingPipeline Training() =>
        new(Pca, Role, new Dictionary<string, string> { ["train"] = "s3://sagemaker/pca/train" }, "sagemaker-us-east-1", "pca-pipeline");

    [Fact]
    public void Training_pipeline_has_four_states_in_order_and_is_valid()
    {
        var workflow = Training().Build();
        Assert.Equal("pca-pipeline", workflow.Name);
        Assert.Equal(Role, workflow.RoleArn);
        var definition = workflow.Definition;
        Assert.Equal("Training", definition.StartAt);
        Assert.Equal(["Training", "Create Model", "Configure Endpoint", "Deploy"], definition.States.Select(s => s.Name));
        Assert.True(workflow.Validate().IsValid, workflow.Validate().ToString());
    }

    [Fact]
    public void Training_pipeline_name_defaults_to_a_timestamped_name()
    {
        var pipeline = new TrainingPipeline(Pca, Role, "s3://sagemaker/pca/train", "bucket");
        Assert.Matches(@"^training-pipeline-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$", pipeline.PipelineName);
    }

    [Fact]
    public void Training_pipeline_execution_input_names_everything_after_the_job()
    {
        var input = Training().ExecutionInputFor("run-1", new Dictionary<string, object> { ["num_components"] = 5, ["tol"] = 0.5 });

        var training = input["Training"]!;
        Assert.Equal("estimator-run-1", training["TrainingJobName"]!.GetValue<string>());
        Assert.Equal("s3://sagemaker-us-east-1/pca-pipeline/models", training["OutputDataConfig"]!["S3OutputPath"]!.GetValue<string>());
        AssertJsonEqual(JsonNode.Parse("""{"num_components":"5","tol":"0.5"}"""), training["HyperParameters"]);
        Assert.Equal("s3://sagemaker/pca/train", training["InputDataConfig"]![0]!["DataSource"]!["S3DataSource"]!["S3Uri"]!.GetValue<string>());
        Assert.Equal("execution-role", training["RoleArn"]!.GetValue<string>());

        AssertJsonEqual(JsonNode.Parse("""
            {"ExecutionRoleArn":"execution-role","ModelName":"run-1",
             "PrimaryContainer":{"Environment":{},"Image":"382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1",
                                 "ModelDataUrl":"s3://sagemaker-us-east-1/pca-pipeline/models/estimator-run-1/output/model.tar.gz"}}
            """), input["Create Model"]);
        AssertJsonEqual(JsonNode.Parse("""
            {"EndpointConfigName":"run-1","ProductionVariants":[{"InitialInstanceCount":1,"InstanceType":"ml.c4.xlarge","ModelName":"run-1","VariantName":"AllTraffic"}]}
            """), input["Configure Endpoint"]);
        AssertJsonEqual(JsonNode.Parse("""{"EndpointConfigName":"run-1","EndpointName":"run-1"}"""), input["Deploy"]);
    }

    [Fact]
    public void Training_pipeline_execution_input_covers_every_path_the_states_read()
    {
        var pipeline = Training();
        var input = pipeline.ExecutionInputFor("run-1");
        foreach (var state in pipeline.Build().Definition.States.Cast<Asl.TaskState>())
            foreach (var (key, _) in state.Parameters!.AsObject())
                Assert.NotNull(input[state.Name]![key[..^2]]);
        Assert.Equal("50000", input["Training"]!["HyperParameters"]!["feature_dim"]!.GetValue<string>());
    }

    [Fact]
    public void Execution_inputs_do_not_share_state_between_runs()
    {
        var pipeline = Training();
        var first = pipeline.ExecutionInputFor("run-1");
        var second = pipeline.ExecutionInputFor("run-2");
        Assert.Equal("run-1", first["Deploy"]!["EndpointName"]!.GetValue<string>());
        Assert.Equal("run-2", second["Deploy"]!["EndpointName"]!.GetValue<string>());
        Assert.Equal("pca-pipeline/estimator-source", pipeline.InputTemplate()["Training"]!["TrainingJobName"]!.GetValue<string>());
    }

    private static InferencePipeline Inference()
    {
        var preprocessor = Pca with { ImageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/sklearn:1", JsonEncodeHyperparameters = true,
            Hyperparameters = new Dictionary<string, object> { ["sagemaker_job_name"] = "x", ["sagemaker_program"] = "prep.py" } };
        return new InferencePipeline(preprocessor, Pca, new Dictionary<string, string> { ["train"] = "s3://bucket/raw/train" }, "bucket", Role,
            pipelineName: "inference", contentType: "text/csv");
    }

    [Fact]
    public void Inference_pipeline_has_seven_parameterized_states_and_is_valid()
    {
        var workflow = Inference().Build();
        var definition = workflow.Definition;
        Assert.Equal(["Train Preprocessor", "Create Preprocessor Model", "Transform Input", "Training", "Create Pipeline Model", "Configure Endpoint", "Deploy"],
            definition.States.Select(s => s.Name));
        var model = (Asl.TaskState)definition["Create Pipeline Model"];
        Assert.Equal("arn:aws:states:::sagemaker:createModel", model.Resource);
        Assert.Equal("$$.Execution.Input['Create Pipeline Model'].Containers", model.Parameters!["Containers.$"]!.GetValue<string>());
        Assert.Equal("arn:aws:states:::sagemaker:createTransformJob.sync", ((Asl.TaskState)definition["Transform Input"]).Resource);
        Assert.True(workflow.Validate().IsValid, workflow.Validate().ToString());
    }

    [Fact]
    public void Inference_pipeline_execution_input_chains_transform_output_into_training()
    {
        var input = Inference().ExecutionInputFor("run-7");
        const string transformed = "s3://bucket/inference/preprocessor-transform-run-7/transform";
        Assert.Equal("preprocessor-run-7", input["Train Preprocessor"]!["TrainingJobName"]!.GetValue<string>());
        Assert.Equal("\"preprocessor-run-7\"", input["Train Preprocessor"]!["HyperParameters"]!["sagemaker_job_name"]!.GetValue<string>());
        Assert.Equal("preprocessor-run-7", input["Create Preprocessor Model"]!["ModelName"]!.GetValue<string>());
        Assert.Equal("s3://bucket/inference/models/preprocessor-run-7/output/model.tar.gz",
            input["Create Preprocessor Model"]!["PrimaryContainer"]!["ModelDataUrl"]!.GetValue<string>());

        var transform = input["Transform Input"]!;
        Assert.Equal("preprocessor-run-7", transform["ModelName"]!.GetValue<string>());
        Assert.Equal("preprocessor-run-7", transform["TransformJobName"]!.GetValue<string>());
        Assert.Equal(transformed, transform["TransformOutput"]!["S3OutputPath"]!.GetValue<string>());
        Assert.Equal("s3://bucket/raw/train", transform["TransformInput"]!["DataSource"]!["S3DataSource"]!["S3Uri"]!.GetValue<string>());
        Assert.Equal("text/csv", transform["TransformInput"]!["ContentType"]!.GetValue<string>());
        Assert.Equal(20, transform["MaxPayloadInMB"]!.GetValue<long>());

        var training = input["Training"]!;
        Assert.Equal("estimator-run-7", training["TrainingJobName"]!.GetValue<string>());
        AssertJsonEqual(JsonNode.Parse("""
            [{"ChannelName":"train","DataSource":{"S3DataSource":{"S3DataDistributionType":"FullyReplicated","S3DataType":"S3Prefix","S3Uri":"TRANSFORMED"}}}]
            """.Replace("TRANSFORMED", transformed)), training["InputDataConfig"]);

        var containers = input["Create Pipeline Model"]!["Containers"]!.AsArray();
        Assert.Equal("s3://bucket/inference/models/preprocessor-run-7/output/model.tar.gz", containers[0]!["ModelDataUrl"]!.GetValue<string>());
        Assert.Equal("s3://bucket/inference/models/estimator-run-7/output/model.tar.gz", containers[1]!["ModelDataUrl"]!.GetValue<string>());
        Assert.Equal("run-7", input["Create Pipeline Model"]!["ModelName"]!.GetValue<string>());
        Assert.Equal("run-7", input["Configure Endpoint"]!["ProductionVariants"]![0]!["ModelName"]!.GetValue<string>());
        Assert.Equal("run-7", input["Deploy"]!["EndpointName"]!.GetValue<string>());
    }

    [Fact]
    public void Inference_pipeline_needs_a_train_channel()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new InferencePipeline(Pca, Pca, new Dictionary<string, string> { ["validation"] = "s3://b/v" }, "bucket", Role));
        Assert.Contains("'train' channel", e.Message);
    }

    [Fact]
    public void The_vector_template_is_matched_by_name() =>
        Assert.NotNull(Expected("training_pipeline_template_states")["Training"]);
}
