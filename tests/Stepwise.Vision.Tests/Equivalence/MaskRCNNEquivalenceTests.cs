using Stepwise.Vision.Model;
using Stepwise.Vision.Tests.Reference;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Equivalence;

/// <summary>
/// torchvision's maskrcnn_resnet50_fpn(weights=None, num_classes=2), seed 0, eval, two images (240×320 and 200×300,
/// min_size 240 / max_size 320, box_score_thresh 0): its state_dict loaded into ours, then module by module.
/// </summary>
[Trait("Category", "Slow")]
public class MaskRCNNEquivalenceTests(ITestOutputHelper log)
{
    /// <summary>Probabilities (scores, masks): max abs diff. Float32 noise of the convolutions (libtorch 2.10 vs 1.13) grows with magnitude, so pixel and feature tensors are compared relative to their largest value.</summary>
    private const double Tolerance = 1e-3;
    private const double RelativeTolerance = 1e-4;

    /// <summary>Mask probabilities: random weights give mask logits of large magnitude, so float32 noise at the sigmoid's steep part shows as up to ~6e-3.</summary>
    private const double MaskTolerance = 1e-2;
    private static readonly Lazy<Dictionary<string, Tensor>> Ref = new(() => ReferenceData.Load("maskrcnn_reference"));
    private static Tensor R(string key) => Ref.Value[key];

    private static readonly MaskRCNNOptions Options = MaskRCNNOptions.TorchvisionNoWeights(2) with { MinSize = 240, MaxSize = 320, BoxScoreThresh = 0f };

    private static readonly Lazy<MaskRCNN> Loaded = new(() =>
    {
        var model = MaskRCNN.Create(Options);
        model.LoadStateDict(Ref.Value.Where(kv => kv.Key.StartsWith("sd.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[3..], kv => kv.Value), "torchvision state_dict");
        return model;
    });

    private static readonly Lazy<MaskRCNN.Intermediates> Output =
        new(() => Loaded.Value.PredictWithIntermediates([R("img0"), R("img1")]));

    private double Diff(string what, Tensor ours, Tensor theirs)
    {
        Assert.True(ours.shape.SequenceEqual(theirs.shape), $"{what}: shape [{string.Join(",", ours.shape)}] vs torchvision [{string.Join(",", theirs.shape)}]");
        double d = ours.numel() == 0 ? 0 : (ours.to(ScalarType.Float64) - theirs.to(ScalarType.Float64)).abs().max().item<double>();
        double scale = Scale(theirs);
        log.WriteLine($"{what}: max abs diff {d:E2} (relative to max |value| {scale:G4}: {d / scale:E2})");
        return d;
    }

    // What a tensor's differences are measured against: its largest magnitude, at least 1.
    private static double Scale(Tensor theirs) => theirs.numel() == 0 ? 1 : Math.Max(1, theirs.abs().max().to(ScalarType.Float64).item<double>());

    private double Rel(string what, Tensor ours, Tensor theirs)
    {
        double scale = Scale(theirs);
        return Diff(what, ours, theirs) / scale;
    }

    private static long[] Match(Tensor ourBoxes, Tensor ourLabels, Tensor theirBoxes, Tensor theirLabels)
    {
        Assert.Equal(theirBoxes.shape[0], ourBoxes.shape[0]);
        var iou = torchvision.ops.box_iou(theirBoxes, ourBoxes);
        var sameLabel = theirLabels.unsqueeze(1) == ourLabels.unsqueeze(0);
        return iou.masked_fill(sameLabel.logical_not(), -1).argmax(1).data<long>().ToArray();
    }

    [TorchvisionFact]
    public void State_dict_keys_and_shapes_equal_torchvision()
    {
        using var model = MaskRCNN.Create(MaskRCNNOptions.TorchvisionNoWeights(2));
        var ours = model.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
        var theirs = Ref.Value.Where(kv => kv.Key.StartsWith("sd.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[3..], kv => string.Join(",", kv.Value.shape));
        Assert.Empty(theirs.Keys.Except(ours.Keys).Order());
        Assert.Empty(ours.Keys.Except(theirs.Keys).Order());
        Assert.Empty(theirs.Where(kv => ours[kv.Key] != kv.Value).Select(kv => $"{kv.Key}: {ours[kv.Key]} vs {kv.Value}"));
        Assert.Equal(360, ours.Count);
    }

    [TorchvisionFact]
    public void Backbone_features_match_per_level()
    {
        string[] names = ["0", "1", "2", "3", "pool"];
        for (int l = 0; l < 5; l++) Assert.True(Rel($"feature '{names[l]}'", Output.Value.Features[l], R($"feat.{names[l]}")) <= RelativeTolerance);
    }

    /// <summary>Proposals row by row: all but a few within tolerance. With random weights many anchors score alike, so
    /// float32 noise (oneDNN's AVX2 kernels round differently from its AVX-512 ones and from libtorch 1.13) can flip a
    /// decision made at a threshold — NMS's IoU 0.7 or the pre-NMS top-k — and one box is kept in place of another
    /// (seen on an AVX2-only AMD EPYC: 1 row of 572). A broken RPN moves most rows, not one in two hundred.</summary>
    [TorchvisionFact]
    public void Rpn_proposals_match()
    {
        for (int i = 0; i < 2; i++)
        {
            var (ours, theirs) = (Output.Value.Proposals[i], R($"proposals{i}"));
            Assert.True(ours.shape.SequenceEqual(theirs.shape), $"proposals image {i}: shape [{string.Join(",", ours.shape)}] vs torchvision [{string.Join(",", theirs.shape)}]");
            double scale = Scale(theirs);
            var rowDiff = (ours.to(ScalarType.Float64) - theirs.to(ScalarType.Float64)).abs().amax(1);
            long off = (rowDiff > RelativeTolerance * scale).sum().item<long>();
            long allowed = Math.Max(1, theirs.shape[0] / 200);
            log.WriteLine($"proposals image {i}: {off} of {theirs.shape[0]} rows beyond {RelativeTolerance * scale:G3} px (at most {allowed}); the others within {rowDiff.masked_fill(rowDiff > RelativeTolerance * scale, 0).max().item<double>():E2} px");
            Assert.True(off <= allowed, $"proposals image {i}: {off} of {theirs.shape[0]} rows differ from torchvision's by more than {RelativeTolerance * scale:G3} px");
        }
    }

    [TorchvisionFact]
    public void Box_roi_align_on_torchvision_features_and_proposals_matches()
    {
        var feats = new[] { "0", "1", "2", "3", "pool" }.Select(n => R($"feat.{n}")).ToList();
        var pooled = Loaded.Value.RoiHeadsForTests.BoxRoiPool(feats, [R("proposals0"), R("proposals1")], [(240, 320), (213, 320)]);
        Assert.True(Rel("box RoIAlign", pooled, R("box_roi")) <= RelativeTolerance);
    }

    [TorchvisionFact]
    public void Mask_head_on_torchvision_pooled_features_gives_the_same_logits()
    {
        using var noGrad = no_grad();
        var logits = Loaded.Value.RoiHeadsForTests.MaskLogits(R("mask_roi"));
        Assert.True(Rel("mask logits", logits, R("mask_logits")) <= RelativeTolerance);
    }

    [TorchvisionFact]
    public void Detections_match_boxes_scores_labels_masks() =>
        CompareDetections(Ref.Value, Output.Value.Detections, Output.Value.Raw, RelativeTolerance, Tolerance, MaskTolerance);

    /// <summary>
    /// The same weights and images in float64 on both sides: rounding no longer hides a difference of algorithm, and
    /// every output, masks included, must agree far inside the issue's 1e-3: we hold it to 1e-6 (measured: features
    /// 1e-14 relative, boxes 7e-12 px, scores 6e-14, masks 7e-12).
    /// </summary>
    [TorchvisionFact]
    public void In_float64_everything_matches_within_1e_6()
    {
        var reference = ReferenceData.Load("maskrcnn_reference", "float64");
        using var model = MaskRCNN.Create(Options);
        model.LoadStateDict(reference.Where(kv => kv.Key.StartsWith("sd.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[3..], kv => kv.Value), "torchvision state_dict (float64)");
        model.to(ScalarType.Float64);
        var output = model.PredictWithIntermediates([reference["img0"], reference["img1"]]);
        Assert.Equal(ScalarType.Float64, output.Detections[0].Masks.dtype);
        string[] names = ["0", "1", "2", "3", "pool"];
        for (int l = 0; l < 5; l++) Assert.True(Rel($"float64 feature '{names[l]}'", output.Features[l], reference[$"feat.{names[l]}"]) <= 1e-9);
        CompareDetections(reference, output.Detections, output.Raw, 1e-6, 1e-6, 1e-6);
    }

    private void CompareDetections(Dictionary<string, Tensor> reference, List<Detection> detections, List<Detection> rawDetections, double boxTolerance, double scoreTolerance, double maskTolerance)
    {
        for (int i = 0; i < 2; i++)
        {
            var d = detections[i];
            // Near-tied scores (random weights, threshold 0) may swap places: match each torchvision detection to
            // ours of the same label with the highest IoU, and require the matching to be one-to-one.
            var order = Match(d.Boxes, d.Labels, reference[$"det{i}.boxes"], reference[$"det{i}.labels"]);
            Assert.Equal(order.Length, order.Distinct().Count());
            var idx = tensor(order);
            var boxes = Rel($"image {i} boxes", d.Boxes.index_select(0, idx), reference[$"det{i}.boxes"]);
            var scores = Diff($"image {i} scores", d.Scores.index_select(0, idx), reference[$"det{i}.scores"]);
            var raw = Diff($"image {i} masks (28×28)", rawDetections[i].Masks.index_select(0, idx), reference[$"raw{i}.masks"]);
            var pasted = Diff($"image {i} masks (pasted)", d.Masks.index_select(0, idx), reference[$"det{i}.masks"]);
            Assert.Equal(reference[$"det{i}.labels"].data<long>().ToArray(), d.Labels.index_select(0, idx).data<long>().ToArray());
            Assert.True(boxes <= boxTolerance, $"boxes {boxes:E2}");
            Assert.True(scores <= scoreTolerance, $"scores {scores:E2}");
            Assert.True(raw <= maskTolerance, $"masks {raw:E2}");
            Assert.True(pasted <= maskTolerance, $"pasted masks {pasted:E2}");
        }
    }
}
