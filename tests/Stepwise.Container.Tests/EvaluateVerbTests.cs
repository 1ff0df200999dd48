using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Container.Model;
using Stepwise.Container.Tests.Support;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Tests;

public class EvaluateVerbTests
{
    [MaskRcnnFact]
    public async Task Evaluate_prints_COCO_AP_of_the_shipped_base_on_unseen_kind_labelled_images()
    {
        using var dir = new TempDir();
        new SyntheticShapes(4242, new SyntheticShapesOptions { MaxInstances = 6, LabelByKind = true }).WriteTo(dir.Path, 6);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await ContainerProgram.RunAsync(["evaluate", "--model", MaskRcnnSegmenter.ShippedBaseModel, "--data", dir.Path], output, error);
        Assert.True(code == 0, error.ToString());
        var m = Regex.Match(output.ToString(), @"^images=6 box_ap=(\S+) box_ap50=(\S+) box_ap75=\S+ mask_ap=(\S+) mask_ap50=(\S+) mask_ap75=\S+", RegexOptions.Multiline);
        Assert.True(m.Success, output.ToString());
        // The base's held-out mask AP@.5 is 0.71 (MODEL_CARD.md); six images are noisy, random weights give ~0.
        Assert.InRange(double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), 0.3, 1.0);
    }

    [Fact]
    public async Task Evaluate_without_a_model_folder_says_what_is_missing()
    {
        using var dir = new TempDir();
        new SyntheticShapes(1, new SyntheticShapesOptions { Width = 32, Height = 32, MinVisiblePixels = 10 }).WriteTo(dir.Path, 1);
        var error = new StringWriter();
        int code = await ContainerProgram.RunAsync(["evaluate", "--model", Path.Combine(dir.Path, "nothing"), "--data", dir.Path], TextWriter.Null, error);
        Assert.Equal(1, code);
        Assert.Contains("config.json", error.ToString());
    }
}
