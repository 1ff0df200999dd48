using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>The estimators of the Python SDK's unit tests.</summary>
internal static class SageMakerFixtures
{
    public const string PcaImage = "382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1";

    /// <summary>The PCA estimator of tests/unit/test_sagemaker_steps.py (mini_batch_size=200 is a hyperparameter there).</summary>
    public static Estimator Pca => new()
    {
        ImageUri = PcaImage,
        Role = "execution-role",
        InstanceCount = 1,
        InstanceType = "ml.c4.xlarge",
        OutputPath = "s3://sagemaker/models",
        Hyperparameters = new Dictionary<string, object>
        {
            ["feature_dim"] = 50000,
            ["num_components"] = 10,
            ["subtract_mean"] = true,
            ["algorithm_mode"] = "randomized",
            ["mini_batch_size"] = 200,
        },
    };

    /// <summary>A TensorFlow 1.13 framework estimator: hyperparameters JSON-encoded.</summary>
    public static Estimator TensorFlow => new()
    {
        ImageUri = "520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tensorflow:1.13-gpu-py2",
        Role = "execution-role",
        InstanceCount = 1,
        InstanceType = "ml.p2.xlarge",
        OutputPath = "s3://sagemaker/models",
        JsonEncodeHyperparameters = true,
        Hyperparameters = new Dictionary<string, object> { ["training_steps"] = 1000, ["evaluation_steps"] = 100, ["checkpoint_path"] = "s3://sagemaker/models/checkpoints" },
        MetricDefinitions = [new MetricDefinition("test:msd", "msd=([0-9.]+)")],
    };
}
