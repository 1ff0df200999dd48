namespace Stepwise.Interactive.Charts;

/// <summary>The two charts of a training run, from its log lines (CloudWatch events' messages or the job's stdout).</summary>
public static class TrainingCharts
{
    /// <summary>Loss per iteration (<c>loss</c> and its terms) and per epoch (<c>train_loss</c>) on one epoch axis.</summary>
    public static ChartView Loss(IEnumerable<string> logLines, ChartOptions? options = null) =>
        MetricChart.Line(TrainingLog.Parse(logLines).Where(s => s.Name.StartsWith("loss", StringComparison.Ordinal) || s.Name == "train_loss"),
            options ?? new ChartOptions { Title = "Training loss", YLabel = "loss" });

    /// <summary>COCO AP per epoch on the held-out split (<c>box_ap</c>, <c>box_ap50</c>, <c>mask_ap</c>, <c>mask_ap50</c>).</summary>
    public static ChartView AveragePrecision(IEnumerable<string> logLines, ChartOptions? options = null) =>
        MetricChart.Line(TrainingLog.Parse(logLines).Where(s => s.Name.Contains("_ap", StringComparison.Ordinal)),
            options ?? new ChartOptions { Title = "Held-out AP", YLabel = "AP", Markers = true, YMin = 0, YMax = 1 });
}
