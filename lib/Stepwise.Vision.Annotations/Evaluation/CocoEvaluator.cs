using Stepwise.Vision.Data;

namespace Stepwise.Vision.Evaluation;

/// <summary>
/// COCO evaluation (pycocotools' COCOeval, area range "all") for boxes and masks: per image and category, detections
/// sorted by score (stable) and capped at <see cref="MaxDetections"/> are matched greedily to the unmatched ground truth
/// with the highest IoU at or above each threshold; precision is made monotone and sampled at 101 recall points.
/// Crowd annotations are not modelled (PennFudan and the synthetic set have none).
/// </summary>
public sealed class CocoEvaluator
{
    /// <summary>COCO's IoU thresholds .50:.05:.95, computed as numpy's linspace does so ties at a threshold agree.</summary>
    public static readonly IReadOnlyList<double> DefaultIouThresholds =
        Enumerable.Range(0, 10).Select(i => i == 9 ? 0.95 : i * ((0.95 - 0.5) / 9) + 0.5).ToArray();

    /// <summary>numpy's spacing(1), the epsilon pycocotools adds to precision denominators.</summary>
    const double Eps = 2.220446049250313e-16;

    static readonly double[] RecallThresholds = Enumerable.Range(0, 101).Select(i => i * 0.01).ToArray();

    readonly List<(GroundTruthObject[] Truth, DetectedObject[] Detections)> _images = [];

    public CocoEvaluator(int maxDetections = 100, IReadOnlyList<double>? iouThresholds = null)
    {
        if (maxDetections < 1)
            throw new ArgumentOutOfRangeException(nameof(maxDetections), maxDetections, "maxDets must be at least 1.");
        MaxDetections = maxDetections;
        IouThresholds = iouThresholds ?? DefaultIouThresholds;
    }

    public int MaxDetections { get; }
    public IReadOnlyList<double> IouThresholds { get; }
    public int ImageCount => _images.Count;

    /// <summary>Adds one image's ground truth and detections (an image with neither still counts as evaluated).</summary>
    public void Add(IEnumerable<GroundTruthObject> truth, IEnumerable<DetectedObject> detections) =>
        _images.Add((truth.ToArray(), detections.ToArray()));

    /// <summary>Box AP.</summary>
    public AveragePrecision EvaluateBoxes() => Evaluate(IouType.Box);

    /// <summary>Mask AP; every object needs a mask.</summary>
    public AveragePrecision EvaluateMasks() => Evaluate(IouType.Mask);

    public AveragePrecision Evaluate(IouType type)
    {
        var categories = _images.SelectMany(i => i.Truth).Select(t => t.Label).Distinct().Order().ToArray();
        int T = IouThresholds.Count, R = RecallThresholds.Length;
        // precision[t][r] per category; -1 where a category has no ground truth.
        var precision = new double[T, R, categories.Length];
        var recall = new double[T, categories.Length];
        for (int k = 0; k < categories.Length; k++)
        {
            int cat = categories[k];
            var scores = new List<float>();
            var matched = new List<bool[]>(); // per detection: matched at each threshold
            int npig = 0;
            foreach (var (truthAll, detsAll) in _images)
            {
                var gt = truthAll.Where(g => g.Label == cat).ToArray();
                var dt = detsAll.Where(d => d.Label == cat)
                    .Select((d, i) => (d, i)).OrderByDescending(p => p.d.Score).ThenBy(p => p.i)
                    .Take(MaxDetections).Select(p => p.d).ToArray();
                npig += gt.Length;
                if (dt.Length == 0)
                    continue;
                var ious = new double[dt.Length, gt.Length];
                for (int d = 0; d < dt.Length; d++)
                    for (int g = 0; g < gt.Length; g++)
                        ious[d, g] = Overlap(type, dt[d], gt[g]);
                var dtMatched = new bool[dt.Length][];
                for (int d = 0; d < dt.Length; d++)
                    dtMatched[d] = new bool[T];
                for (int t = 0; t < T; t++)
                {
                    var gtTaken = new bool[gt.Length];
                    for (int d = 0; d < dt.Length; d++)
                    {
                        double best = Math.Min(IouThresholds[t], 1 - 1e-10);
                        int m = -1;
                        for (int g = 0; g < gt.Length; g++)
                        {
                            if (gtTaken[g] || ious[d, g] < best)
                                continue;
                            best = ious[d, g];
                            m = g;
                        }
                        if (m < 0)
                            continue;
                        gtTaken[m] = true;
                        dtMatched[d][t] = true;
                    }
                }
                for (int d = 0; d < dt.Length; d++)
                {
                    scores.Add(dt[d].Score);
                    matched.Add(dtMatched[d]);
                }
            }
            if (npig == 0)
            {
                for (int t = 0; t < T; t++)
                {
                    recall[t, k] = -1;
                    for (int r = 0; r < R; r++)
                        precision[t, r, k] = -1;
                }
                continue;
            }
            // Stable descending sort over all images' detections (numpy's mergesort of -score).
            var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
            int nd = order.Length;
            for (int t = 0; t < T; t++)
            {
                var rc = new double[nd];
                var pr = new double[nd];
                double tp = 0, fp = 0;
                for (int i = 0; i < nd; i++)
                {
                    if (matched[order[i]][t]) tp++; else fp++;
                    rc[i] = tp / npig;
                    pr[i] = tp / (fp + tp + Eps);
                }
                recall[t, k] = nd > 0 ? rc[nd - 1] : 0;
                for (int i = nd - 1; i > 0; i--)
                    if (pr[i] > pr[i - 1])
                        pr[i - 1] = pr[i];
                int pi = 0;
                for (int r = 0; r < R; r++)
                {
                    while (pi < nd && rc[pi] < RecallThresholds[r])
                        pi++;
                    precision[t, r, k] = pi < nd ? pr[pi] : 0;
                }
            }
        }

        double Mean(Func<int, bool> includeThreshold)
        {
            double sum = 0;
            int n = 0;
            for (int t = 0; t < T; t++)
                if (includeThreshold(t))
                    for (int r = 0; r < R; r++)
                        for (int k = 0; k < categories.Length; k++)
                            if (precision[t, r, k] > -1)
                            {
                                sum += precision[t, r, k];
                                n++;
                            }
            return n == 0 ? -1 : sum / n;
        }

        double meanRecall = -1;
        {
            double s = 0;
            int n = 0;
            foreach (var v in recall)
                if (v > -1) { s += v; n++; }
            if (n > 0) meanRecall = s / n;
        }
        int i50 = IndexOf(0.5), i75 = IndexOf(0.75);
        return new AveragePrecision(
            type,
            Mean(_ => true),
            i50 < 0 ? -1 : Mean(t => t == i50),
            i75 < 0 ? -1 : Mean(t => t == i75),
            Enumerable.Range(0, T).Select(t0 => Mean(t => t == t0)).ToArray(),
            meanRecall);
    }

    int IndexOf(double threshold)
    {
        for (int i = 0; i < IouThresholds.Count; i++)
            if (Math.Abs(IouThresholds[i] - threshold) < 1e-9)
                return i;
        return -1;
    }

    static double Overlap(IouType type, DetectedObject d, GroundTruthObject g)
    {
        if (type == IouType.Box)
            return Box.IoU(d.Box, g.Box);
        if (d.Mask is null || g.Mask is null)
            throw new InvalidOperationException("Mask AP needs a mask on every detection and ground-truth object.");
        return MaskIoU.Compute(d.Mask, g.Mask);
    }
}
