using Stepwise.Workbook.Training;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workbook.Tests.Training;

public sealed class LogMetricsTests
{
    private const string Number = @"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_definition_reads_its_first_capture_group_from_every_matching_line()
    {
        var metrics = new LogMetrics([new("train:loss", @"iter=\d+/\d+ loss=" + Number), new("validation:mask_ap", "mask_ap=" + Number)]);

        Assert.Equal(1, metrics.Read("epoch=1 iter=1/2 loss=1.5000 lr=0.005", At));
        Assert.Equal(1, metrics.Read("epoch=1 iter=2/2 loss=1.2500 lr=0.005", At.AddSeconds(1)));
        Assert.Equal(1, metrics.Read("epoch=1 train_loss=1.3 box_ap=0.1 mask_ap=2.5e-1", At.AddSeconds(2)));
        Assert.Equal(0, metrics.Read("model saved to /opt/ml/model", At.AddSeconds(3)));

        var series = metrics.Series();
        Assert.Equal(["train:loss", "validation:mask_ap"], series.Select(s => s.Name));
        Assert.Equal([(1, 1.5), (2, 1.25)], series[0].Points.Select(p => (p.Step, p.Value)));
        Assert.Equal(0.25, series[1].Latest);
        Assert.Equal(At.AddSeconds(1), series[0].Points[1].Timestamp);
    }

    [Fact]
    public void A_metric_no_line_has_matched_yet_is_not_a_series()
    {
        var metrics = new LogMetrics([new("train:loss", "loss=" + Number), new("validation:mask_ap", "mask_ap=" + Number)]);
        metrics.Read("loss=2", At);
        Assert.Equal(["train:loss"], metrics.Series().Select(s => s.Name));
        Assert.Equal(["train:loss", "validation:mask_ap"], metrics.Names);
    }

    [Fact]
    public void A_regex_without_a_group_or_a_number_gives_nothing_and_a_broken_regex_is_refused_up_front()
    {
        var metrics = new LogMetrics([new("no-group", "loss=[0-9.]+"), new("not-a-number", "loss=(\\w+)")]);
        Assert.Equal(0, metrics.Read("loss=abc", At));
        Assert.Equal(1, metrics.Read("loss=1.0", At)); // "not-a-number" reads "1" (\\w stops at the dot), a number
        var e = Assert.Throws<ArgumentException>(() => new LogMetrics([new MetricDefinition("bad", "loss=(")]));
        Assert.Contains("'bad'", e.Message);
    }
}
