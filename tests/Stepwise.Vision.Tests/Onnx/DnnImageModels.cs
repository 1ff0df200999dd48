using System.Reflection;

namespace Stepwise.Vision.Tests.Onnx;

/// <summary>The ONNX files of the restored Microsoft.ML.DnnImageFeaturizer.ResNet18 package (its path is recorded at build time).</summary>
internal static class DnnImageModels
{
    static string Folder
    {
        get
        {
            var dir = typeof(DnnImageModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DnnImageModels").Value!;
            Assert.True(Directory.Exists(dir), $"'{dir}' does not exist: restore tests/Stepwise.Vision.Tests (the package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1).");
            return dir;
        }
    }

    public static string ResNet18 => Path.Combine(Folder, "ResNet18Onnx", "ResNet18.onnx");

    public static string Preprocess => Path.Combine(Folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
}
