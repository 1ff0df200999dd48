using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>The <c>/opt/ml</c> a BYOC training container sees, laid out in a folder as SageMaker (and its local mode)
/// lays it out: <c>input/config/{hyperparameters,resourceconfig,inputdataconfig}.json</c>, <c>input/data/&lt;channel&gt;/</c>,
/// <c>model/</c>, <c>output/data/</c>, <c>output/failure</c>, <c>checkpoints/</c>.</summary>
internal sealed class OptMlLayout(string root)
{
    public const string Host = "algo-1";

    public string Root { get; } = root;

    public string Config => Path.Combine(Root, "input", "config");

    public string Data => Path.Combine(Root, "input", "data");

    public string Channel(string name) => Path.Combine(Data, name);

    public string Model => Path.Combine(Root, "model");

    public string Output => Path.Combine(Root, "output");

    public string OutputData => Path.Combine(Output, "data");

    public string Failure => Path.Combine(Output, "failure");

    public string Checkpoints => Path.Combine(Root, "checkpoints");

    /// <summary>Creates the folders and writes the three config files (every hyperparameter a string, as SageMaker writes them).</summary>
    public void Create(DescribeTrainingJobResponse job)
    {
        foreach (var folder in new[] { Config, Data, Model, OutputData })
            Directory.CreateDirectory(folder);
        if (job.CheckpointConfig is not null)
            Directory.CreateDirectory(Checkpoints);

        var hyperparameters = new JsonObject();
        foreach (var (name, value) in job.HyperParameters ?? new Dictionary<string, string>())
            hyperparameters[name] = value;
        Write("hyperparameters.json", hyperparameters);

        var instanceType = job.ResourceConfig?.InstanceType ?? "ml.m5.large";
        Write("resourceconfig.json", new JsonObject
        {
            ["current_host"] = Host,
            ["current_instance_type"] = instanceType,
            ["current_group_name"] = "homogeneousCluster",
            ["hosts"] = new JsonArray(Host),
            ["instance_groups"] = new JsonArray(new JsonObject
            {
                ["instance_group_name"] = "homogeneousCluster",
                ["instance_type"] = instanceType,
                ["hosts"] = new JsonArray(Host),
            }),
            ["network_interface_name"] = "eth0",
        });

        var channels = new JsonObject();
        foreach (var channel in job.InputDataConfig ?? [])
        {
            var config = new JsonObject();
            if (channel.ContentType is { } contentType) config["ContentType"] = contentType;
            config["TrainingInputMode"] = channel.InputMode ?? job.AlgorithmSpecification?.TrainingInputMode ?? TrainingInputMode.File;
            config["S3DistributionType"] = channel.DataSource.S3DataSource?.S3DataDistributionType ?? S3DataDistribution.FullyReplicated;
            config["RecordWrapperType"] = channel.RecordWrapperType ?? RecordWrapper.None;
            if (channel.CompressionType is { } compression) config["CompressionType"] = compression;
            channels[channel.ChannelName] = config;
            Directory.CreateDirectory(Channel(channel.ChannelName));
        }
        Write("inputdataconfig.json", channels);
    }

    private void Write(string name, JsonNode content) =>
        File.WriteAllText(Path.Combine(Config, name), content.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
}
