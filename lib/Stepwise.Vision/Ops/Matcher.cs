using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>torchvision's Matcher: each prediction gets the index of its best ground truth, or <see cref="BelowLowThreshold"/> / <see cref="BetweenThresholds"/>.</summary>
public sealed class Matcher
{
    public const long BelowLowThreshold = -1;
    public const long BetweenThresholds = -2;

    public float HighThreshold { get; }
    public float LowThreshold { get; }
    public bool AllowLowQualityMatches { get; }

    public Matcher(float highThreshold, float lowThreshold, bool allowLowQualityMatches)
    {
        if (lowThreshold > highThreshold) throw new ArgumentException($"Matcher: low threshold {lowThreshold} is above high threshold {highThreshold}.");
        (HighThreshold, LowThreshold, AllowLowQualityMatches) = (highThreshold, lowThreshold, allowLowQualityMatches);
    }

    /// <summary>matchQuality [M ground truth, N predictions] → int64 [N].</summary>
    public Tensor Match(Tensor matchQuality)
    {
        if (matchQuality.numel() == 0)
            throw new ArgumentException(matchQuality.shape[0] == 0
                ? "Matcher: no ground-truth boxes available for one of the images during training."
                : "Matcher: no proposal boxes available for one of the images during training.");
        using var scope = NewDisposeScope();
        var (matchedVals, matches) = matchQuality.max(0);
        var allMatches = AllowLowQualityMatches ? matches.clone() : null;
        var below = matchedVals < LowThreshold;
        var between = (matchedVals >= LowThreshold) & (matchedVals < HighThreshold);
        matches = matches.masked_fill(below, BelowLowThreshold).masked_fill(between, BetweenThresholds);
        if (allMatches is not null)
        {
            // Each ground truth keeps the predictions with which it has its highest IoU, even below the thresholds.
            var (highest, _) = matchQuality.max(1);
            var pairs = (matchQuality == highest.unsqueeze(1)).nonzero();
            var predInds = pairs[.., 1];
            matches = matches.index_put_(allMatches.index_select(0, predInds), predInds);
        }
        return matches.MoveToOuterDisposeScope();
    }
}
