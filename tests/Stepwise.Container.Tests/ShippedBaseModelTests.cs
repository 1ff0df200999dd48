using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Container.Tests.Support;
using Stepwise.Container.Training;
using Stepwise.Vision.Data;
using Stepwise.Vision.Model;

namespace Stepwise.Container.Tests;

/// <summary>The base model shipped in models/maskrcnn-base (copied beside the program) is what pretrained=true fine-tunes.</summary>
public class ShippedBaseModelTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [MaskRcnnFact]
    public void The_shipped_base_is_a_CNTK_ResNet18_Mask_RCNN_in_float16_that_loads()
    {
        var dir = MaskRcnnSegmenter.ShippedBaseModel;
        Assert.True(File.Exists(Path.Combine(dir, ModelConfig.FileName)), $"no base model at '{dir}': build copies models/maskrcnn-base there.");
        var config = ModelConfig.Load(dir);
        Assert.Equal([2, 2, 2, 3], config.Options.BackboneBlocks ?? []);
        Assert.Equal(StridedPadding.BeginHeavy, config.Options.BackbonePadding);
        Assert.Equal(SyntheticShapes.KindNames, config.Classes);
        var header = File.ReadAllBytes(Path.Combine(dir, config.WeightsFile));
        Assert.Contains("\"F16\"", System.Text.Encoding.UTF8.GetString(header, 8, (int)BitConverter.ToUInt64(header, 0)));
        using var model = MaskRcnnSegmenter.Load(dir);
        Assert.Equal(SyntheticShapes.KindNames, model.ClassNames);
    }

    /// <summary>First-iteration losses of train on the same images: from the shipped base and from random weights.</summary>
    static IReadOnlyDictionary<string, double> FirstLosses(string root, bool labelByKind, int numClasses, string pretrained)
    {
        var optMl = OptMlFixture.Create(root, new Dictionary<string, string>
        {
            ["num_classes"] = numClasses.ToString(CultureInfo.InvariantCulture), ["pretrained"] = pretrained, ["max_iterations"] = "2",
            ["log_every"] = "1", ["held_out_fraction"] = "0.2", ["flip_prob"] = "0",
        }, images: 5, width: 256, height: 192, options: new SyntheticShapesOptions { Width = 256, Height = 192, LabelByKind = labelByKind }, seed: 31);
        var log = new StringWriter();
        var err = new StringWriter();
        Assert.True(TrainJob.Run(optMl, new MaskRcnnFactory(), log, err) == 0, err.ToString() + log);
        var line = Regex.Match(log.ToString(), @"epoch=1 iter=1/2 (.*) lr=").Groups[1].Value;
        return Regex.Matches(line, @"(\w+)=([0-9.]+)").ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [MaskRcnnFact]
    public void Fine_tuning_from_the_shipped_base_starts_far_below_random_initialisation()
    {
        using var dir = new TempDir();
        // Same five kind classes as the base: every weight is loaded, so the whole loss starts low.
        var based = FirstLosses(Path.Combine(dir.Path, "a"), labelByKind: true, numClasses: 5, pretrained: "true");
        var random = FirstLosses(Path.Combine(dir.Path, "b"), labelByKind: true, numClasses: 5, pretrained: "false");
        output.WriteLine($"first iteration, 5 classes: base {based["loss"]:0.000} (objectness {based["loss_objectness"]:0.000}), random {random["loss"]:0.000} (objectness {random["loss_objectness"]:0.000})");
        Assert.True(based["loss"] < 0.4 * random["loss"], $"base {based["loss"]:0.000} vs random {random["loss"]:0.000}");
        Assert.True(based["loss_objectness"] < 0.3 * random["loss_objectness"], $"objectness: base {based["loss_objectness"]:0.000} vs random {random["loss_objectness"]:0.000}");
        // Two classes (the walkthrough's): predictors are rebuilt (predictor_init=class_mean), the backbone, RPN and heads are the base's.
        var swapped = FirstLosses(Path.Combine(dir.Path, "c"), labelByKind: false, numClasses: 2, pretrained: "true");
        var swappedRandom = FirstLosses(Path.Combine(dir.Path, "d"), labelByKind: false, numClasses: 2, pretrained: "false");
        output.WriteLine($"first iteration, 2 classes: base {swapped["loss"]:0.000} (objectness {swapped["loss_objectness"]:0.000}), random {swappedRandom["loss"]:0.000} (objectness {swappedRandom["loss_objectness"]:0.000})");
        Assert.True(swapped["loss"] < 0.4 * swappedRandom["loss"], $"base {swapped["loss"]:0.000} vs random {swappedRandom["loss"]:0.000}");
        Assert.True(swapped["loss_objectness"] < 0.3 * swappedRandom["loss_objectness"], $"objectness: base {swapped["loss_objectness"]:0.000} vs random {swappedRandom["loss_objectness"]:0.000}");
    }
}
