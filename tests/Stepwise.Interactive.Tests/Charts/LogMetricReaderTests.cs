using Stepwise.Interactive.Charts;

namespace Stepwise.Interactive.Tests.Charts;

public sealed class LogMetricReaderTests
{
    private const string Number = @"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";

    [Fact]
    public void Each_definition_reads_its_first_capture_group_from_every_matching_line()
    {
        var reader = new LogMetricReader([("train:loss", @"iter=\d+/\d+ loss=" + Number), ("validation:mask_ap", "mask_ap=" + Number)]);

        Assert.Equal(1, reader.Read("epoch=1 iter=1/2 loss=1.5000 lr=0.005"));
        Assert.Equal(1, reader.Read("epoch=1 iter=2/2 loss=1.2500 lr=0.005"));
        Assert.Equal(1, reader.Read("epoch=1 train_loss=1.3 box_ap=0.1 mask_ap=2.5e-1"));
        Assert.Equal(0, reader.Read("model saved to /opt/ml/model"));

        var series = reader.Series();
        Assert.Equal(["train:loss", "validation:mask_ap"], series.Select(s => s.Name));
        Assert.Equal([(1.0, 1.5), (2.0, 1.25)], series[0].Points);
        Assert.Equal(0.25, series[1].Latest);
    }

    [Fact]
    public void A_metric_no_line_matched_yet_is_not_a_series_and_reading_as_a_whole_gives_the_same()
    {
        (string, string)[] definitions = [("train:loss", "loss=" + Number), ("validation:mask_ap", "mask_ap=" + Number)];
        var reader = new LogMetricReader(definitions);
        reader.Read("loss=2");
        Assert.Equal(["train:loss"], reader.Series().Select(s => s.Name));
        Assert.Equal(["train:loss", "validation:mask_ap"], reader.Names);
        Assert.Equal(reader.Series()[0].Points, MetricSeries.FromLog(["loss=2"], definitions)[0].Points);
    }

    [Fact]
    public void A_regex_without_a_group_gives_nothing_and_a_broken_regex_is_refused_up_front()
    {
        var reader = new LogMetricReader([("no-group", "loss=[0-9.]+"), ("word", "loss=(\\w+)")]);
        Assert.Equal(0, reader.Read("loss=abc"));
        Assert.Equal(1, reader.Read("loss=1.0")); // "word" reads "1" (\w stops at the dot), a number
        var e = Assert.Throws<ArgumentException>(() => new LogMetricReader([("bad", "loss=(")]));
        Assert.Contains("'bad'", e.Message);
    }
}
