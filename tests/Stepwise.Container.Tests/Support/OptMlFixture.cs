using System.Text.Json;
using Stepwise.Container.Contract;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Tests.Support;

/// <summary>Lays out an /opt/ml tree as SageMaker does for a training job, with a small synthetic training channel.</summary>
static class OptMlFixture
{
    public static OptMl Create(string root, IReadOnlyDictionary<string, string> hyperparameters, int images = 6, int width = 64, int height = 48,
        SyntheticShapesOptions? options = null, int seed = 3)
    {
        var optMl = new OptMl(root);
        Directory.CreateDirectory(optMl.ConfigDir);
        File.WriteAllText(optMl.HyperparametersFile, JsonSerializer.Serialize(hyperparameters));
        File.WriteAllText(optMl.InputDataConfigFile, """{"training": {"TrainingInputMode": "File", "S3DistributionType": "FullyReplicated", "RecordWrapperType": "None"}}""");
        File.WriteAllText(optMl.ResourceConfigFile, """{"current_host": "algo-1", "hosts": ["algo-1"]}""");
        new SyntheticShapes(seed, options ?? new SyntheticShapesOptions { Width = width, Height = height, MinVisiblePixels = 30, MinInstances = 1, MaxInstances = 2 })
            .WriteTo(optMl.ChannelDir("training"), images);
        return optMl;
    }
}
