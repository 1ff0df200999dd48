using Stepwise.Container.Tests.Support;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Tests;

public class MakeDatasetVerbTests
{
    [Fact]
    public async Task Make_dataset_output_loads_with_the_PennFudan_loader()
    {
        using var dir = new TempDir();
        var output = new StringWriter();
        int code = await ContainerProgram.RunAsync(["make-dataset", "--out", dir.Path, "--count", "5", "--seed", "9", "--width", "96", "--height", "64"], output);
        Assert.Equal(0, code);
        var ds = PennFudanDataset.Open(dir.Path);
        Assert.Equal(5, ds.Count);
        var s = ds[0];
        Assert.Equal((96, 64), (s.Image.Width, s.Image.Height));
        Assert.Contains("wrote 5 images", output.ToString());
    }

    [Fact]
    public async Task Make_dataset_without_out_is_a_usage_error()
    {
        var err = new StringWriter();
        Assert.NotEqual(0, await ContainerProgram.RunAsync(["make-dataset"], TextWriter.Null, err));
        Assert.Contains("--out", err.ToString());
    }
}
