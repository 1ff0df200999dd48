using Stepwise.Vision.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// torchvision's RoIHeads with masks: box_head, box_predictor, mask_head, mask_predictor (and their RoI pools on FPN
/// levels '0'..'3'); training samples proposals and computes loss_classifier, loss_box_reg, loss_mask; eval
/// postprocesses (softmax, decode, clip, score threshold, small-box removal, per-class NMS, top detections, mask probabilities).
/// </summary>
public sealed class RoIHeads : nn.Module
{
    private readonly MaskRCNNOptions _o;
    private readonly MultiScaleRoIAlign _boxPool = new(7, 2);
    private readonly MultiScaleRoIAlign _maskPool = new(14, 2);
    private readonly TwoMLPHead box_head;
    private readonly FastRCNNPredictor box_predictor;
    private readonly nn.Module<Tensor, Tensor> mask_head;
    private readonly MaskRCNNPredictor mask_predictor;
    private readonly BoxCoder _coder;
    private readonly Matcher _matcher;
    private readonly BalancedPositiveNegativeSampler _sampler;

    public RoIHeads(MaskRCNNOptions o, long inChannels) : base("RoIHeads")
    {
        _o = o;
        box_head = new TwoMLPHead(inChannels * 7 * 7, o.RepresentationSize);
        box_predictor = new FastRCNNPredictor(o.RepresentationSize, o.NumClasses);
        mask_head = MaskRCNNHeads.Create(inChannels, o.MaskLayers, o.MaskDilation);
        mask_predictor = new MaskRCNNPredictor(o.MaskLayers[^1], o.MaskPredictorChannels, o.NumClasses);
        _coder = new BoxCoder(o.BoxRegWeights[0], o.BoxRegWeights[1], o.BoxRegWeights[2], o.BoxRegWeights[3]);
        _matcher = new Matcher(o.BoxFgIouThresh, o.BoxBgIouThresh, allowLowQualityMatches: false);
        _sampler = new BalancedPositiveNegativeSampler(o.BoxBatchSizePerImage, o.BoxPositiveFraction);
        register_module("box_head", box_head);
        register_module("box_predictor", box_predictor);
        register_module("mask_head", mask_head);
        register_module("mask_predictor", mask_predictor);
    }

    /// <summary>Box RoI pooling (7×7) over FPN levels '0'..'3' — exposed for per-module checks.</summary>
    public Tensor BoxRoiPool(List<Tensor> features, List<Tensor> boxes, List<(long H, long W)> sizes) => _boxPool.call(features.Take(4).ToList(), boxes, sizes);

    /// <summary>Eval: detections in resized-image coordinates, masks [N,1,28,28] probabilities. Train: the three losses.</summary>
    public (List<Detection> Result, Dictionary<string, Tensor> Losses) forward(List<Tensor> features, List<Tensor> proposals, List<(long H, long W)> imageSizes, List<Target>? targets)
    {
        var levels = features.Take(4).ToList();
        var losses = new Dictionary<string, Tensor>();
        var result = new List<Detection>();
        if (training)
        {
            if (targets is null) throw new ArgumentException("RoIHeads in training mode needs targets.");
            var (sampledProposals, matchedIdxs, labels, regressionTargets) = SelectTrainingSamples(proposals, targets);
            var boxFeatures = box_head.call(_boxPool.call(levels, sampledProposals, imageSizes));
            var (classLogits, boxRegression) = box_predictor.call(boxFeatures);
            var (lossCls, lossBox) = FastRcnnLoss(classLogits, boxRegression, labels, regressionTargets);
            losses[LossNames.Classifier] = lossCls;
            losses[LossNames.BoxReg] = lossBox;

            var maskProposals = new List<Tensor>();
            var posMatched = new List<Tensor>();
            for (int i = 0; i < sampledProposals.Count; i++)
            {
                var pos = (labels[i] > 0).nonzero().view(-1);
                maskProposals.Add(sampledProposals[i].index_select(0, pos));
                posMatched.Add(matchedIdxs[i].index_select(0, pos));
            }
            var maskLogits = mask_predictor.call(mask_head.call(_maskPool.call(levels, maskProposals, imageSizes)));
            losses[LossNames.Mask] = MaskRcnnLoss(maskLogits, maskProposals, targets, posMatched);
        }
        else
        {
            var boxFeatures = box_head.call(_boxPool.call(levels, proposals, imageSizes));
            var (classLogits, boxRegression) = box_predictor.call(boxFeatures);
            var (boxes, scores, labels) = PostprocessDetections(classLogits, boxRegression, proposals, imageSizes);
            var maskLogits = mask_predictor.call(mask_head.call(_maskPool.call(levels, boxes, imageSizes)));
            var allLabels = cat(labels, 0);
            var maskProbs = sigmoid(maskLogits);
            var selected = maskProbs[arange(allLabels.shape[0], ScalarType.Int64, allLabels.device), allLabels].unsqueeze(1);
            var perImage = selected.split(boxes.Select(b => b.shape[0]).ToArray(), 0);
            for (int i = 0; i < boxes.Count; i++) result.Add(new Detection(boxes[i], labels[i], scores[i], perImage[i]));
        }
        return (result, losses);
    }

    private (List<Tensor> Proposals, List<Tensor> MatchedIdxs, List<Tensor> Labels, List<Tensor> RegressionTargets) SelectTrainingSamples(List<Tensor> proposals, List<Target> targets)
    {
        var props = new List<Tensor>();
        var matchedIdxs = new List<Tensor>();
        var labels = new List<Tensor>();
        for (int i = 0; i < proposals.Count; i++)
        {
            var gt = targets[i].Boxes.to(proposals[i].dtype);
            var p = cat([proposals[i], gt], 0);   // ground truth joins the proposals
            props.Add(p);
            if (gt.shape[0] == 0)
            {
                matchedIdxs.Add(zeros(p.shape[0], ScalarType.Int64, p.device));
                labels.Add(zeros(p.shape[0], ScalarType.Int64, p.device));
                continue;
            }
            var idx = _matcher.Match(BoxOps.Iou(gt, p));
            var clamped = idx.clamp_min(0);
            var l = targets[i].Labels.to(ScalarType.Int64).index_select(0, clamped);
            l = l.masked_fill(idx == Matcher.BelowLowThreshold, 0L).masked_fill(idx == Matcher.BetweenThresholds, -1L);
            matchedIdxs.Add(clamped);
            labels.Add(l);
        }
        var (pos, neg) = _sampler.Sample(labels);
        var outProps = new List<Tensor>();
        var outIdx = new List<Tensor>();
        var outLabels = new List<Tensor>();
        var outTargets = new List<Tensor>();
        for (int i = 0; i < props.Count; i++)
        {
            var keep = (pos[i] | neg[i]).nonzero().view(-1);
            var p = props[i].index_select(0, keep);
            var m = matchedIdxs[i].index_select(0, keep);
            outProps.Add(p);
            outIdx.Add(m);
            outLabels.Add(labels[i].index_select(0, keep));
            var gt = targets[i].Boxes.to(p.dtype);
            var matchedGt = gt.shape[0] == 0 ? zeros(p.shape[0], 4, p.dtype, p.device) : gt.index_select(0, m);
            outTargets.Add(_coder.Encode(matchedGt, p));
        }
        return (outProps, outIdx, outLabels, outTargets);
    }

    private static (Tensor Cls, Tensor Box) FastRcnnLoss(Tensor classLogits, Tensor boxRegression, List<Tensor> labels, List<Tensor> regressionTargets)
    {
        var l = cat(labels, 0);
        var t = cat(regressionTargets, 0);
        var cls = nn.functional.cross_entropy(classLogits, l);
        var pos = (l > 0).nonzero().view(-1);
        var labelsPos = l.index_select(0, pos);
        long n = classLogits.shape[0];
        var reg = boxRegression.reshape(n, boxRegression.shape[1] / 4, 4);
        var box = nn.functional.smooth_l1_loss(reg[pos, labelsPos], t.index_select(0, pos), nn.Reduction.Sum, 1.0 / 9) / l.numel();
        return (cls, box);
    }

    private static Tensor MaskRcnnLoss(Tensor maskLogits, List<Tensor> proposals, List<Target> targets, List<Tensor> matchedIdxs)
    {
        long m = maskLogits.shape[^1];
        var labels = cat(targets.Select((t, i) => t.Labels.to(ScalarType.Int64).index_select(0, matchedIdxs[i])).ToList(), 0);
        var maskTargets = cat(targets.Select((t, i) => ProjectMasksOnBoxes(t.Masks, proposals[i], matchedIdxs[i], m)).ToList(), 0);
        if (maskTargets.numel() == 0) return maskLogits.sum() * 0;
        var logits = maskLogits[arange(labels.shape[0], ScalarType.Int64, labels.device), labels];
        return nn.functional.binary_cross_entropy_with_logits(logits, maskTargets);
    }

    private static Tensor ProjectMasksOnBoxes(Tensor gtMasks, Tensor boxes, Tensor matchedIdxs, long m)
    {
        if (boxes.shape[0] == 0) return zeros(0, m, m, ScalarType.Float32, boxes.device);
        var rois = cat([matchedIdxs.to(boxes.dtype).unsqueeze(1), boxes], 1);
        return RoiAlign.Apply(gtMasks.unsqueeze(1).to(ScalarType.Float32), rois, m, m, 1.0, -1)[.., 0];
    }

    private (List<Tensor> Boxes, List<Tensor> Scores, List<Tensor> Labels) PostprocessDetections(Tensor classLogits, Tensor boxRegression, List<Tensor> proposals, List<(long H, long W)> imageSizes)
    {
        long numClasses = classLogits.shape[^1];
        var predBoxes = _coder.Decode(boxRegression, cat(proposals, 0));          // [K, C, 4]
        var predScores = nn.functional.softmax(classLogits, -1);
        var counts = proposals.Select(p => p.shape[0]).ToArray();
        var boxesList = predBoxes.split(counts, 0);
        var scoresList = predScores.split(counts, 0);
        var allBoxes = new List<Tensor>();
        var allScores = new List<Tensor>();
        var allLabels = new List<Tensor>();
        for (int i = 0; i < counts.Length; i++)
        {
            var boxes = BoxOps.ClipToImage(boxesList[i], imageSizes[i].H, imageSizes[i].W);
            var scores = scoresList[i];
            var labels = arange(numClasses, ScalarType.Int64, boxes.device).view(1, -1).expand_as(scores);
            boxes = boxes[.., 1..].reshape(-1, 4);
            scores = scores[.., 1..].reshape(-1);
            labels = labels[.., 1..].reshape(-1);
            var keep = (scores > _o.BoxScoreThresh).nonzero().view(-1);
            boxes = boxes.index_select(0, keep); scores = scores.index_select(0, keep); labels = labels.index_select(0, keep);
            keep = BoxOps.RemoveSmall(boxes, 1e-2);
            boxes = boxes.index_select(0, keep); scores = scores.index_select(0, keep); labels = labels.index_select(0, keep);
            keep = Nms.Batched(boxes, scores, labels, _o.BoxNmsThresh);
            if (keep.shape[0] > _o.BoxDetectionsPerImage) keep = keep[.._o.BoxDetectionsPerImage];
            allBoxes.Add(boxes.index_select(0, keep));
            allScores.Add(scores.index_select(0, keep));
            allLabels.Add(labels.index_select(0, keep));
        }
        return (allBoxes, allScores, allLabels);
    }
}
