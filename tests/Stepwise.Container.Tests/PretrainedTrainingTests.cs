using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Container.Tests.Support;
using Stepwise.Container.Training;
using Stepwise.Vision.Model;

namespace Stepwise.Container.Tests;

/// <summary><c>pretrained</c>: fine-tuning from a base model, predictors swapped for num_classes, and unusable base files as readable failures.</summary>
public class PretrainedTrainingTests
{
    /// <summary>A 5-class base in the shipped architecture (CNTK ResNet-18 backbone from the ONNX file, random heads), saved as train saves it.</summary>
    static string FreshBase(string root)
    {
        var dir = Path.Combine(root, "base");
        using var model = MaskRcnnSegmenter.Create(new TrainingHyperparameters { NumClasses = 5, ImageSize = 64, Seed = 7, Pretrained = PretrainedWeights.ImageNetBackbone });
        model.Save(dir);
        return dir;
    }

    static (int Code, string Failure) Train(TempDir dir, Dictionary<string, string> hyperparameters)
    {
        var optMl = OptMlFixture.Create(Path.Combine(dir.Path, "opt"), hyperparameters, images: 3);
        int code = TrainJob.Run(optMl, new MaskRcnnFactory(), TextWriter.Null, TextWriter.Null);
        return (code, File.Exists(optMl.FailureFile) ? File.ReadAllText(optMl.FailureFile) : "");
    }

    static readonly Dictionary<string, string> Quick = new() { ["image_size"] = "64", ["max_iterations"] = "1", ["held_out_fraction"] = "0.34" };

    [MaskRcnnFact]
    public void Fine_tuning_keeps_the_base_weights_and_replaces_box_and_mask_predictors_when_num_classes_differs()
    {
        using var dir = new TempDir();
        var baseDir = FreshBase(dir.Path);
        var baseWeights = SafetensorsFile.Load(Path.Combine(baseDir, "model.safetensors"));
        var tuned = Path.Combine(dir.Path, "tuned");
        using (var model = MaskRcnnSegmenter.Create(new TrainingHyperparameters { NumClasses = 2, ImageSize = 64, BaseModel = baseDir, PredictorInit = PredictorInit.New }))
            model.Save(tuned);
        var weights = SafetensorsFile.Load(Path.Combine(tuned, "model.safetensors"));
        Assert.Equal([2L, 256], weights["roi_heads.box_predictor.cls_score.weight"].shape);
        Assert.Equal([5L, 256], baseWeights["roi_heads.box_predictor.cls_score.weight"].shape);
        Assert.Equal([2L, 128, 1, 1], weights["roi_heads.mask_predictor.mask_fcn_logits.weight"].shape);
        // conv5_mask keeps its shape but is new too, as the seed's MaskRCNNPredictor swap makes it.
        Assert.False(weights["roi_heads.mask_predictor.conv5_mask.weight"].allclose(baseWeights["roi_heads.mask_predictor.conv5_mask.weight"], 0, 0));
        foreach (var key in new[] { "backbone.body.layer4.2.conv2.weight", "backbone.fpn.layer_blocks.0.0.weight", "rpn.head.conv.0.0.weight", "roi_heads.box_head.fc7.weight", "roi_heads.mask_head.0.0.weight" })
            Assert.True(weights[key].allclose(baseWeights[key], 0, 0), $"{key} was not loaded from the base");
        Assert.Equal(ModelConfig.Load(baseDir).Options with { NumClasses = 2 }, ModelConfig.Load(tuned).Options, new OptionsByJson());

        // Same num_classes: nothing is swapped.
        using (var model = MaskRcnnSegmenter.Create(new TrainingHyperparameters { NumClasses = 5, ImageSize = 64, BaseModel = baseDir }))
            model.Save(tuned);
        var same = SafetensorsFile.Load(Path.Combine(tuned, "model.safetensors"));
        Assert.True(same["roi_heads.box_predictor.cls_score.weight"].allclose(baseWeights["roi_heads.box_predictor.cls_score.weight"], 0, 0));
    }

    [MaskRcnnFact]
    public void Class_mean_predictors_take_the_base_background_rows_and_the_mean_of_its_foreground_rows()
    {
        using var dir = new TempDir();
        var baseDir = FreshBase(dir.Path);
        var b = SafetensorsFile.Load(Path.Combine(baseDir, "model.safetensors"));
        var tuned = Path.Combine(dir.Path, "tuned");
        using (var model = MaskRcnnSegmenter.Create(new TrainingHyperparameters { NumClasses = 3, ImageSize = 64, BaseModel = baseDir }))
            model.Save(tuned);
        var w = SafetensorsFile.Load(Path.Combine(tuned, "model.safetensors"));
        var cls = b["roi_heads.box_predictor.cls_score.weight"];
        Assert.Equal([3L, 256], w["roi_heads.box_predictor.cls_score.weight"].shape);
        Assert.True(w["roi_heads.box_predictor.cls_score.weight"][0].allclose(cls[0], 0, 0));
        var meanForeground = cls[TorchSharp.torch.TensorIndex.Slice(1)].mean([0L]);
        Assert.True(w["roi_heads.box_predictor.cls_score.weight"][1].allclose(meanForeground, 1e-6, 1e-7));
        Assert.True(w["roi_heads.box_predictor.cls_score.weight"][2].allclose(meanForeground, 1e-6, 1e-7));
        // bbox_pred in blocks of four rows per class: class 2's block is the mean of the base's blocks 1..4.
        var box = b["roi_heads.box_predictor.bbox_pred.bias"].reshape(5, 4);
        Assert.True(w["roi_heads.box_predictor.bbox_pred.bias"].reshape(3, 4)[2].allclose(box[TorchSharp.torch.TensorIndex.Slice(1)].mean([0L]), 1e-6, 1e-7));
        Assert.True(w["roi_heads.mask_predictor.conv5_mask.weight"].allclose(b["roi_heads.mask_predictor.conv5_mask.weight"], 0, 0));
        Assert.Equal([3L, 128, 1, 1], w["roi_heads.mask_predictor.mask_fcn_logits.weight"].shape);
    }

    [MaskRcnnFact]
    public void A_missing_base_model_fails_naming_the_folder_and_the_way_out()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "no-such-base");
        var (code, failure) = Train(dir, new(Quick) { ["base_model"] = missing });
        Assert.Equal(1, code);
        Assert.StartsWith("The base model (pretrained=true) cannot be used:", failure);
        Assert.Contains(missing, failure);
        Assert.Contains("pretrained=false", failure);
        Assert.DoesNotContain("   at ", failure);
    }

    [MaskRcnnFact]
    public void A_truncated_base_model_fails_naming_the_file_and_the_tensor()
    {
        using var dir = new TempDir();
        var baseDir = FreshBase(dir.Path);
        var weights = Path.Combine(baseDir, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        var (code, failure) = Train(dir, new(Quick) { ["base_model"] = baseDir });
        Assert.Equal(1, code);
        Assert.Contains(weights, failure);
        Assert.Matches("tensor '[^']+' spans bytes", failure);
        Assert.DoesNotContain("   at ", failure);
    }

    [MaskRcnnFact]
    public void A_base_model_of_another_architecture_fails_listing_keys_and_shapes()
    {
        using var dir = new TempDir();
        var baseDir = FreshBase(dir.Path);
        // Weights of torchvision's ResNet-18 layout (2-2-2-2) with a 64-wide FPN under the CNTK base's config.json.
        using (var other = MaskRCNN.Create(MaskRCNNOptions.Small(5) with { FpnOutChannels = 64 }))
            other.Save(Path.Combine(baseDir, "model.safetensors"));
        var (code, failure) = Train(dir, new(Quick) { ["base_model"] = baseDir });
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(baseDir, "model.safetensors"), failure);
        Assert.Contains("missing", failure);
        Assert.Contains("backbone.body.layer4.2.conv1.weight", failure);
        Assert.Contains("backbone.fpn.inner_blocks.0.0.weight is [64,64,1,1], expected [128,64,1,1]", failure);
        Assert.DoesNotContain("   at ", failure);
    }

    [MaskRcnnFact]
    public void An_unreadable_imagenet_onnx_fails_naming_it()
    {
        using var dir = new TempDir();
        var onnx = Path.Combine(dir.Path, "ResNet18.onnx");
        File.WriteAllBytes(onnx, [0x0a, 0xff, 0xff]);
        var (code, failure) = Train(dir, new(Quick) { ["pretrained"] = "imagenet", ["imagenet_onnx"] = onnx });
        Assert.Equal(1, code);
        Assert.StartsWith("The ImageNet backbone (pretrained=imagenet) cannot be read:", failure);
        Assert.Contains(onnx, failure);
    }

    /// <summary>Options compared by their JSON (records holding arrays compare arrays by reference).</summary>
    sealed class OptionsByJson : IEqualityComparer<MaskRCNNOptions>
    {
        public bool Equals(MaskRCNNOptions? a, MaskRCNNOptions? b) => System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
        public int GetHashCode(MaskRCNNOptions o) => 0;
    }
}
