namespace Stepwise.Vision.Evaluation;

/// <summary>
/// COCO-style AP for one IoU type: AP@[.5:.95] (mean over the IoU thresholds), AP@.5 and AP@.75, each averaged over
/// the categories that have ground truth. -1 means "no ground truth to measure against", as pycocotools reports it.
/// </summary>
public sealed record AveragePrecision(IouType Type, double AP, double AP50, double AP75, IReadOnlyList<double> PerThreshold, double AR)
{
    public override string ToString() => $"{Type}: AP={AP:0.000} AP50={AP50:0.000} AP75={AP75:0.000} AR={AR:0.000}";
}
