using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Vision.Annotations.Tests.Evaluation;

public class CocoEvaluatorTests
{
    const double Tol = 1e-9;

    static GroundTruthObject Gt(float x1, float y1, float x2, float y2) => new(1, new Box(x1, y1, x2, y2));
    static DetectedObject Dt(float score, float x1, float y1, float x2, float y2) => new(1, score, new Box(x1, y1, x2, y2));

    [Fact]
    public void Perfect_detection_scores_one()
    {
        var ev = new CocoEvaluator();
        ev.Add([Gt(0, 0, 10, 10), Gt(20, 20, 40, 50)], [Dt(0.9f, 0, 0, 10, 10), Dt(0.8f, 20, 20, 40, 50)]);
        ev.Add([Gt(5, 5, 15, 15)], [Dt(0.7f, 5, 5, 15, 15)]);
        var ap = ev.EvaluateBoxes();
        Assert.Equal(1.0, ap.AP, Tol);
        Assert.Equal(1.0, ap.AP50, Tol);
        Assert.Equal(1.0, ap.AR, Tol);
    }

    [Fact]
    public void False_positive_ranked_above_the_true_positive_halves_AP()
    {
        // Sorted: FP (0.9), TP (0.8): precision [0, .5] → monotone [.5, .5]; recall reaches 1 at the second → AP = .5.
        var ev = new CocoEvaluator();
        ev.Add([Gt(0, 0, 10, 10)], [Dt(0.9f, 50, 50, 60, 60), Dt(0.8f, 0, 0, 10, 10)]);
        Assert.Equal(0.5, ev.EvaluateBoxes().AP, Tol);

        var below = new CocoEvaluator();
        below.Add([Gt(0, 0, 10, 10)], [Dt(0.9f, 0, 0, 10, 10), Dt(0.8f, 50, 50, 60, 60)]);
        Assert.Equal(1.0, below.EvaluateBoxes().AP, Tol);
    }

    [Fact]
    public void Half_the_objects_found_gives_51_of_101_recall_points()
    {
        var ev = new CocoEvaluator();
        ev.Add([Gt(0, 0, 10, 10), Gt(30, 30, 40, 40)], [Dt(0.9f, 0, 0, 10, 10)]);
        var ap = ev.EvaluateBoxes();
        Assert.Equal(51.0 / 101, ap.AP, Tol);
        Assert.Equal(0.5, ap.AR, Tol);
    }

    [Fact]
    public void IoU_of_one_half_counts_only_at_the_first_threshold()
    {
        // Detection covers half of the ground truth's area: IoU exactly 0.5.
        var ev = new CocoEvaluator();
        ev.Add([Gt(0, 0, 10, 20)], [Dt(0.9f, 0, 0, 10, 10)]);
        var ap = ev.EvaluateBoxes();
        Assert.Equal(1.0, ap.AP50, Tol);
        Assert.Equal(0.0, ap.AP75, Tol);
        Assert.Equal(0.1, ap.AP, Tol);
    }

    [Fact]
    public void IoU_of_three_quarters_counts_at_six_thresholds()
    {
        var ev = new CocoEvaluator();
        ev.Add([Gt(0, 0, 10, 20)], [Dt(0.9f, 0, 0, 10, 15)]);
        var ap = ev.EvaluateBoxes();
        Assert.Equal(1.0, ap.AP75, Tol);
        Assert.Equal(0.6, ap.AP, Tol);
        Assert.Equal([1, 1, 1, 1, 1, 1, 0, 0, 0, 0], ap.PerThreshold.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Greedy_matching_takes_the_best_overlap_and_leaves_the_rest()
    {
        // The top detection overlaps both objects; it takes the one it overlaps most (IoU 1), the second
        // detection then matches the other one → everything found, AP 1.
        var ev = new CocoEvaluator();
        ev.Add([Gt(0, 0, 10, 10), Gt(2, 0, 12, 10)], [Dt(0.9f, 2, 0, 12, 10), Dt(0.8f, 0, 0, 10, 10)]);
        Assert.Equal(1.0, ev.EvaluateBoxes().AP, Tol);

        // One detection cannot match two objects: duplicates are false positives.
        var dup = new CocoEvaluator();
        dup.Add([Gt(0, 0, 10, 10)], [Dt(0.9f, 0, 0, 10, 10), Dt(0.8f, 0, 0, 10, 10)]);
        Assert.Equal(1.0, dup.EvaluateBoxes().AP, Tol); // the FP comes after full recall: precision at recall 1 is interpolated from the max
    }

    [Fact]
    public void Scores_are_ranked_across_images()
    {
        // Image A: FP with score .95. Image B: TP with score .5. Across images FP first → AP .5.
        var ev = new CocoEvaluator();
        ev.Add([], [Dt(0.95f, 0, 0, 5, 5)]);
        ev.Add([Gt(0, 0, 10, 10)], [Dt(0.5f, 0, 0, 10, 10)]);
        Assert.Equal(0.5, ev.EvaluateBoxes().AP, Tol);
    }

    [Fact]
    public void MaxDets_caps_detections_per_image()
    {
        var ev = new CocoEvaluator(maxDetections: 1);
        ev.Add([Gt(0, 0, 10, 10)], [Dt(0.9f, 50, 50, 60, 60), Dt(0.8f, 0, 0, 10, 10)]);
        Assert.Equal(0.0, ev.EvaluateBoxes().AP, Tol);
    }

    [Fact]
    public void Categories_are_averaged_and_missing_ground_truth_is_minus_one()
    {
        var ev = new CocoEvaluator();
        ev.Add([new GroundTruthObject(1, new Box(0, 0, 10, 10)), new GroundTruthObject(2, new Box(20, 20, 30, 30))],
            [new DetectedObject(1, 0.9f, new Box(0, 0, 10, 10)), new DetectedObject(2, 0.9f, new Box(60, 60, 70, 70))]);
        Assert.Equal(0.5, ev.EvaluateBoxes().AP, Tol);
        Assert.Equal(-1, new CocoEvaluator().EvaluateBoxes().AP);
    }

    static BinaryMask Rect(int w, int h, int x1, int y1, int x2, int y2)
    {
        var p = new byte[w * h];
        for (int y = y1; y < y2; y++)
            for (int x = x1; x < x2; x++)
                p[y * w + x] = 1;
        return new BinaryMask(w, h, p);
    }

    [Fact]
    public void Mask_AP_uses_pixel_overlap()
    {
        // Same boxes, different masks: box AP is 1, mask IoU is 0.5 (20 of 40 pixels).
        var gtMask = Rect(20, 20, 0, 0, 10, 4);
        var dtMask = Rect(20, 20, 0, 0, 5, 4);
        var box = new Box(0, 0, 10, 4);
        var ev = new CocoEvaluator();
        ev.Add([new GroundTruthObject(1, box, gtMask)], [new DetectedObject(1, 0.9f, box, dtMask)]);
        Assert.Equal(1.0, ev.EvaluateBoxes().AP, Tol);
        var m = ev.EvaluateMasks();
        Assert.Equal(0.5, MaskIoU.Compute(gtMask, dtMask), Tol);
        Assert.Equal(1.0, m.AP50, Tol);
        Assert.Equal(0.1, m.AP, Tol);
    }
}
