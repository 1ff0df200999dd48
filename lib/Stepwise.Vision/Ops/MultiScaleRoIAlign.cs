using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>
/// torchvision's MultiScaleRoIAlign over FPN levels '0'..'3': each box goes to level
/// floor(4 + log2(sqrt(area) / 224) + 1e-6) clamped to the available levels, then <see cref="RoiAlign"/> there
/// (aligned=False). Scales are inferred from feature and image sizes as torchvision does. No parameters.
/// </summary>
public sealed class MultiScaleRoIAlign(long outputSize, int samplingRatio, int canonicalScale = 224, int canonicalLevel = 4, double eps = 1e-6)
    : nn.Module<List<Tensor>, List<Tensor>, List<(long H, long W)>, Tensor>("MultiScaleRoIAlign")
{
    public long OutputSize { get; } = outputSize;
    public int SamplingRatio { get; } = samplingRatio;

    /// <summary>features: the pooled levels [N,C,Hl,Wl]; boxes: per image [Ki,4]; imageSizes: the resized (unpadded) image sizes.</summary>
    public override Tensor forward(List<Tensor> features, List<Tensor> boxes, List<(long H, long W)> imageSizes)
    {
        using var scope = NewDisposeScope();
        long maxH = imageSizes.Max(s => s.H), maxW = imageSizes.Max(s => s.W);
        var scales = features.Select(f => InferScale(f.shape[2], f.shape[3], maxH, maxW)).ToArray();
        var rois = ToRoiFormat(boxes);
        if (features.Count == 1)
            return RoiAlign.Apply(features[0], rois, OutputSize, OutputSize, scales[0], SamplingRatio).MoveToOuterDisposeScope();

        var levels = MapLevels(boxes, scales);
        long k = rois.shape[0];
        var outs = new List<Tensor>();
        var order = new List<Tensor>();
        for (int l = 0; l < features.Count; l++)
        {
            var idx = (levels == l).nonzero().view(-1);
            if (idx.numel() == 0) continue;
            outs.Add(RoiAlign.Apply(features[l], rois.index_select(0, idx), OutputSize, OutputSize, scales[l], SamplingRatio));
            order.Add(idx);
        }
        if (outs.Count == 0) return zeros(0, features[0].shape[1], OutputSize, OutputSize, features[0].dtype, features[0].device).MoveToOuterDisposeScope();
        var all = cat(outs, 0);
        return all.index_select(0, cat(order, 0).argsort()).MoveToOuterDisposeScope();
    }

    /// <summary>torchvision's LevelMapper: level index (0-based among the given scales) for each box.</summary>
    public Tensor MapLevels(List<Tensor> boxes, double[] scales)
    {
        using var scope = NewDisposeScope();
        double kMin = -Math.Log2(scales[0]), kMax = -Math.Log2(scales[^1]);
        var s = cat(boxes.Select(BoxOps.Area).ToList(), 0).sqrt();
        var target = floor(canonicalLevel + log2(s / canonicalScale) + tensor((float)eps, s.dtype, s.device));
        target = target.clamp(kMin, kMax);
        return (target.to(ScalarType.Int64) - (long)kMin).MoveToOuterDisposeScope();
    }

    /// <summary>2^round(log2(feature size / image size)), checked equal for height and width.</summary>
    public static double InferScale(long featureH, long featureW, long imageH, long imageW)
    {
        double sh = Math.Pow(2, Math.Round(Math.Log2((double)featureH / imageH)));
        double sw = Math.Pow(2, Math.Round(Math.Log2((double)featureW / imageW)));
        if (sh != sw) throw new ArgumentException($"MultiScaleRoIAlign: feature {featureH}×{featureW} gives different scales for image {imageH}×{imageW}.");
        return sh;
    }

    /// <summary>Per-image boxes → rois [K,5] (batch index, x1, y1, x2, y2).</summary>
    public static Tensor ToRoiFormat(List<Tensor> boxes)
    {
        using var scope = NewDisposeScope();
        var parts = boxes.Select((b, i) => cat([full(b.shape[0], 1, (float)i, b.dtype, b.device), b], 1)).ToList();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
