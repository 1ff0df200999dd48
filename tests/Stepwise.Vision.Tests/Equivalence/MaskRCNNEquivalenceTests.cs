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
    private const double Tolerance = 1e-3;
    private static readonly Lazy<Dictionary<string, Tensor>> Ref = new(() => ReferenceData.Load("maskrcnn_reference"));
    private static Tensor R(string key) => Ref.Value[key];

    private static readonly MaskRCNNOptions Options = MaskRCNNOptions.TorchvisionNoWeights(2) with { MinSize = 240, MaxSize = 320, BoxScoreThresh = 0f };

    private static readonly Lazy<MaskRCNN> Loaded = new(() =>
    {
        var model = MaskRCNN.Create(Options);
        model.LoadStateDict(Ref.Value.Where(kv => kv.Key.StartsWith("sd.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[3..], kv => kv.Value), "torchvision state_dict");
        return model;
    });

    private static readonly Lazy<(List<Detection> Detections, List<Tensor> Features, List<Tensor> Proposals, Tensor BoxRoi, List<Detection> Raw)> Output =
        new(() => Loaded.Value.Run([R("img0"), R("img1")], null));

    private double Diff(string what, Tensor ours, Tensor theirs)
    {
        Assert.True(ours.shape.SequenceEqual(theirs.shape), $"{what}: shape [{string.Join(",", ours.shape)}] vs torchvision [{string.Join(",", theirs.shape)}]");
        double d = ours.numel() == 0 ? 0 : (ours.to(ScalarType.Float64) - theirs.to(ScalarType.Float64)).abs().max().item<double>();
        log.WriteLine($"{what}: max abs diff {d:E2}");
        return d;
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
        for (int l = 0; l < 5; l++) Assert.True(Diff($"feature '{names[l]}'", Output.Value.Features[l], R($"feat.{names[l]}")) <= Tolerance);
    }

    [TorchvisionFact]
    public void Rpn_proposals_match()
    {
        for (int i = 0; i < 2; i++) Assert.True(Diff($"proposals image {i}", Output.Value.Proposals[i], R($"proposals{i}")) <= Tolerance);
    }

    [TorchvisionFact]
    public void Box_roi_align_on_torchvision_features_and_proposals_matches()
    {
        var feats = new[] { "0", "1", "2", "3", "pool" }.Select(n => R($"feat.{n}")).ToList();
        var pooled = Loaded.Value.RoiHeadsForTests.BoxRoiPool(feats, [R("proposals0"), R("proposals1")], [(240, 320), (213, 320)]);
        Assert.True(Diff("box RoIAlign", pooled, R("box_roi")) <= Tolerance);
    }

    [TorchvisionFact]
    public void Detections_match_boxes_scores_labels_masks()
    {
        for (int i = 0; i < 2; i++)
        {
            var d = Output.Value.Detections[i];
            Assert.True(Diff($"image {i} boxes", d.Boxes, R($"det{i}.boxes")) <= Tolerance);
            Assert.True(Diff($"image {i} scores", d.Scores, R($"det{i}.scores")) <= Tolerance);
            Assert.Equal(R($"det{i}.labels").data<long>().ToArray(), d.Labels.data<long>().ToArray());
            Assert.True(Diff($"image {i} masks (28×28)", Output.Value.Raw[i].Masks, R($"raw{i}.masks")) <= Tolerance);
            Assert.True(Diff($"image {i} masks (pasted)", d.Masks, R($"det{i}.masks")) <= Tolerance);
        }
    }
}
