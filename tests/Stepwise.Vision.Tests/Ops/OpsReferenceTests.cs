using Stepwise.Vision.Ops;
using Stepwise.Vision.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Ops;

/// <summary>Each op against torchvision 0.14's values for the inputs fixed in Reference/ops_reference.py.</summary>
public class OpsReferenceTests
{
    private static readonly Lazy<Dictionary<string, Tensor>> Ref = new(() => ReferenceData.Load("ops_reference"));
    private static Tensor R(string key) => Ref.Value[key];

    internal static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        return a.numel() == 0 ? 0 : (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();
    }

    [TorchvisionTheory]
    [InlineData(2)]
    [InlineData(-1)]
    public void RoiAlign_matches_torchvision_forward_and_gradient(int samplingRatio)
    {
        var x = R("roi.input").clone().requires_grad_(true);
        var y = RoiAlign.Apply(x, R("roi.rois"), 5, 4, 0.5, samplingRatio);
        Assert.True(MaxAbsDiff(y, R($"roi.sr{samplingRatio}.out")) < 1e-4, $"forward diff {MaxAbsDiff(y, R($"roi.sr{samplingRatio}.out"))}");
        var w = linspace(-1, 1, y.numel()).reshape(y.shape);
        (y * w).sum().backward();
        var d = MaxAbsDiff(x.grad!, R($"roi.sr{samplingRatio}.grad"));
        Assert.True(d < 1e-4, $"gradient diff {d}");
    }

    [TorchvisionFact]
    public void MultiScaleRoIAlign_maps_levels_and_pools_as_torchvision()
    {
        var pool = new MultiScaleRoIAlign(7, 2);
        var feats = Enumerable.Range(0, 4).Select(i => R($"ms.feat{i}")).ToList();
        var y = pool.call(feats, [R("ms.boxes0"), R("ms.boxes1")], [(64, 96), (60, 90)]);
        Assert.True(MaxAbsDiff(y, R("ms.out")) < 1e-4, $"diff {MaxAbsDiff(y, R("ms.out"))}");
    }

    [TorchvisionFact]
    public void Nms_keeps_the_same_boxes_in_the_same_order()
    {
        Assert.Equal(R("nms.keep").data<long>().ToArray(), Nms.Apply(R("nms.boxes"), R("nms.scores"), 0.5).data<long>().ToArray());
        Assert.Equal(R("nms.batched_keep").data<long>().ToArray(),
            Nms.Batched(R("nms.boxes"), R("nms.scores"), R("nms.classes"), 0.7).data<long>().ToArray());
    }

    [TorchvisionFact]
    public void BoxCoder_encodes_and_decodes_with_weights_and_clip()
    {
        var coder = new BoxCoder(10, 10, 5, 5);
        Assert.True(MaxAbsDiff(coder.Encode(R("coder.gt"), R("coder.prop")), R("coder.encoded")) < 1e-5);
        Assert.True(MaxAbsDiff(coder.Decode(R("coder.codes"), R("coder.prop")), R("coder.decoded")) < 1e-3);
    }

    [TorchvisionFact]
    public void Matcher_matches_with_and_without_low_quality_matches()
    {
        Assert.Equal(R("match.low").data<long>().ToArray(), new Matcher(0.7f, 0.3f, true).Match(R("match.iou")).data<long>().ToArray());
        Assert.Equal(R("match.plain").data<long>().ToArray(), new Matcher(0.5f, 0.5f, false).Match(R("match.iou")).data<long>().ToArray());
    }

    [TorchvisionFact]
    public void PasteMasks_matches_torchvision()
    {
        var y = MaskPaste.PasteInImage(R("paste.masks"), R("paste.boxes"), 50, 60);
        Assert.True(MaxAbsDiff(y, R("paste.out")) < 1e-5, $"diff {MaxAbsDiff(y, R("paste.out"))}");
    }
}
