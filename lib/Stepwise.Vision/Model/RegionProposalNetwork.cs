using Stepwise.Vision.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's RegionProposalNetwork: anchors, head, decoding, per-level top-n, clip, small-box removal, per-level NMS, post-NMS top-n; losses in training.</summary>
public sealed class RegionProposalNetwork : nn.Module
{
    private readonly MaskRCNNOptions _o;
    private readonly RPNHead head;
    private readonly AnchorGenerator _anchors;
    private readonly BoxCoder _coder = new(1, 1, 1, 1);
    private readonly Matcher _matcher;
    private readonly BalancedPositiveNegativeSampler _sampler;
    private const double MinSize = 1e-3;

    public RegionProposalNetwork(MaskRCNNOptions o, long inChannels) : base("RegionProposalNetwork")
    {
        _o = o;
        _anchors = new AnchorGenerator(o.AnchorSizes, o.AspectRatios);
        head = new RPNHead(inChannels, _anchors.NumAnchorsPerLocation);
        _matcher = new Matcher(o.RpnFgIouThresh, o.RpnBgIouThresh, allowLowQualityMatches: true);
        _sampler = new BalancedPositiveNegativeSampler(o.RpnBatchSizePerImage, o.RpnPositiveFraction);
        RegisterComponents();
    }

    private int PreNmsTopN => training ? _o.RpnPreNmsTopNTrain : _o.RpnPreNmsTopNTest;
    private int PostNmsTopN => training ? _o.RpnPostNmsTopNTrain : _o.RpnPostNmsTopNTest;

    /// <summary>Proposals per image [K,4] (detached) and, with targets, loss_objectness and loss_rpn_box_reg.</summary>
    public (List<Tensor> Proposals, Dictionary<string, Tensor> Losses) forward(ImageList images, List<Tensor> features, List<Target>? targets)
    {
        var (objectnessLevels, deltaLevels) = head.call(features);
        var anchors = _anchors.Anchors((images.Tensors.shape[2], images.Tensors.shape[3]), features);
        int n = (int)images.Tensors.shape[0];
        var numPerLevel = objectnessLevels.Select(t => t.shape[1] * t.shape[2] * t.shape[3]).ToArray();
        var (objectness, deltas) = ConcatBoxPredictionLayers(objectnessLevels, deltaLevels);   // [N·T,1], [N·T,4]
        var anchorsAll = anchors.repeat(n, 1);
        var proposals = _coder.Decode(deltas.detach(), anchorsAll).view(n, -1, 4);
        var boxes = FilterProposals(proposals, objectness, images.ImageSizes, numPerLevel);

        var losses = new Dictionary<string, Tensor>();
        if (training)
        {
            if (targets is null) throw new ArgumentException("RPN in training mode needs targets.");
            var (labels, matchedGt) = AssignTargetsToAnchors(anchors, targets);
            var regressionTargets = matchedGt.Select(g => _coder.Encode(g, anchors)).ToList();
            var (lossObj, lossReg) = ComputeLoss(objectness, deltas, labels, regressionTargets);
            losses[LossNames.Objectness] = lossObj;
            losses[LossNames.RpnBoxReg] = lossReg;
        }
        return (boxes, losses);
    }

    internal static (Tensor Objectness, Tensor Deltas) ConcatBoxPredictionLayers(List<Tensor> cls, List<Tensor> reg)
    {
        var flatCls = new List<Tensor>();
        var flatReg = new List<Tensor>();
        for (int l = 0; l < cls.Count; l++)
        {
            long n = cls[l].shape[0], a = cls[l].shape[1], h = cls[l].shape[2], w = cls[l].shape[3];
            flatCls.Add(cls[l].view(n, a, 1, h, w).permute(0, 3, 4, 1, 2).reshape(n, -1, 1));
            flatReg.Add(reg[l].view(n, a, 4, h, w).permute(0, 3, 4, 1, 2).reshape(n, -1, 4));
        }
        return (cat(flatCls, 1).flatten(0, -2), cat(flatReg, 1).reshape(-1, 4));
    }

    private List<Tensor> FilterProposals(Tensor proposals, Tensor objectness, List<(long H, long W)> imageSizes, long[] numPerLevel)
    {
        long n = proposals.shape[0];
        var obj = objectness.detach().reshape(n, -1);
        var levels = cat(numPerLevel.Select((c, i) => full(c, (long)i, ScalarType.Int64, obj.device)).ToList(), 0).reshape(1, -1).expand_as(obj);
        // Top-n per level.
        var topIdx = new List<Tensor>();
        long offset = 0;
        foreach (var (ob, count) in obj.split(numPerLevel, 1).Zip(numPerLevel))
        {
            long k = Math.Min(PreNmsTopN, count);
            var (_, idx) = ob.topk((int)k, 1);
            topIdx.Add(idx + offset);
            offset += count;
        }
        var top = cat(topIdx, 1);
        var batchIdx = arange(n, ScalarType.Int64, obj.device).unsqueeze(1);
        obj = obj[batchIdx, top];
        levels = levels[batchIdx, top];
        proposals = proposals[batchIdx, top];
        var prob = sigmoid(obj);

        var final = new List<Tensor>();
        for (int i = 0; i < n; i++)
        {
            var boxes = BoxOps.ClipToImage(proposals[i], imageSizes[i].H, imageSizes[i].W);
            var scores = prob[i];
            var lvl = levels[i];
            var keep = BoxOps.RemoveSmall(boxes, MinSize);
            boxes = boxes.index_select(0, keep); scores = scores.index_select(0, keep); lvl = lvl.index_select(0, keep);
            keep = (scores >= _o.RpnScoreThresh).nonzero().view(-1);
            boxes = boxes.index_select(0, keep); scores = scores.index_select(0, keep); lvl = lvl.index_select(0, keep);
            keep = Nms.Batched(boxes, scores, lvl, _o.RpnNmsThresh);
            if (keep.shape[0] > PostNmsTopN) keep = keep[..PostNmsTopN];
            final.Add(boxes.index_select(0, keep));
        }
        return final;
    }

    private (List<Tensor> Labels, List<Tensor> MatchedGt) AssignTargetsToAnchors(Tensor anchors, List<Target> targets)
    {
        var labels = new List<Tensor>();
        var matched = new List<Tensor>();
        foreach (var t in targets)
        {
            if (t.Boxes.numel() == 0)
            {
                matched.Add(zeros_like(anchors));
                labels.Add(zeros(anchors.shape[0], ScalarType.Float32, anchors.device));
                continue;
            }
            var quality = BoxOps.Iou(t.Boxes, anchors);
            var idx = _matcher.Match(quality);
            matched.Add(t.Boxes.index_select(0, idx.clamp_min(0)));
            var l = (idx >= 0).to(ScalarType.Float32);
            l = l.masked_fill(idx == Matcher.BelowLowThreshold, 0.0).masked_fill(idx == Matcher.BetweenThresholds, -1.0);
            labels.Add(l);
        }
        return (labels, matched);
    }

    private (Tensor Objectness, Tensor BoxReg) ComputeLoss(Tensor objectness, Tensor deltas, List<Tensor> labels, List<Tensor> regressionTargets)
    {
        var (pos, neg) = _sampler.Sample(labels);
        var posInds = cat(pos, 0).nonzero().view(-1);
        var negInds = cat(neg, 0).nonzero().view(-1);
        var sampled = cat([posInds, negInds], 0);
        var obj = objectness.flatten();
        var lab = cat(labels, 0);
        var reg = cat(regressionTargets, 0);
        var boxLoss = nn.functional.smooth_l1_loss(deltas.index_select(0, posInds), reg.index_select(0, posInds), nn.Reduction.Sum, 1.0 / 9) / sampled.numel();
        var objLoss = nn.functional.binary_cross_entropy_with_logits(obj.index_select(0, sampled), lab.index_select(0, sampled));
        return (objLoss, boxLoss);
    }
}
