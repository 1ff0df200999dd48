using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>torchvision's sampler: per image at most batchSize·positiveFraction positives (label ≥ 1), negatives (label 0) fill the rest; random via torch's generator.</summary>
public sealed class BalancedPositiveNegativeSampler(int batchSizePerImage, float positiveFraction)
{
    public int BatchSizePerImage { get; } = batchSizePerImage;
    public float PositiveFraction { get; } = positiveFraction;

    /// <summary>For each image's labels [N] (-1 ignore, 0 negative, ≥1 positive): (positive mask, negative mask), uint8/bool [N].</summary>
    public (List<Tensor> Positive, List<Tensor> Negative) Sample(IReadOnlyList<Tensor> matchedLabels)
    {
        var pos = new List<Tensor>();
        var neg = new List<Tensor>();
        foreach (var labels in matchedLabels)
        {
            using var scope = NewDisposeScope();
            var positive = (labels >= 1).nonzero().view(-1);
            var negative = (labels == 0).nonzero().view(-1);
            long numPos = Math.Min((long)(BatchSizePerImage * PositiveFraction), positive.numel());
            long numNeg = Math.Min(BatchSizePerImage - numPos, negative.numel());
            var permPos = randperm(positive.numel(), device: labels.device)[..(int)numPos];
            var permNeg = randperm(negative.numel(), device: labels.device)[..(int)numNeg];
            var posIdx = positive.index_select(0, permPos);
            var negIdx = negative.index_select(0, permNeg);
            var posMask = zeros_like(labels, ScalarType.Bool).index_fill_(0, posIdx, true);
            var negMask = zeros_like(labels, ScalarType.Bool).index_fill_(0, negIdx, true);
            pos.Add(posMask.MoveToOuterDisposeScope());
            neg.Add(negMask.MoveToOuterDisposeScope());
        }
        return (pos, neg);
    }
}
