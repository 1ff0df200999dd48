using System.Xml.Linq;
using Stepwise.Aws.SageMaker;
using Stepwise.Interactive.Charts;
using Stepwise.Vision.Rendering;

namespace Stepwise.Interactive.Tests.Charts;

public class MetricChartTests
{
    static readonly string[] Log =
    [
        "2026-12-01T10:00:00Z epoch=1 iter=10/20 loss=1.8421 loss_classifier=0.4120 loss_box_reg=0.2011 loss_mask=0.6900 loss_objectness=0.3921 loss_rpn_box_reg=0.1469 lr=0.000500 sec_per_iter=1.020",
        "epoch=1 iter=20/20 loss=1.5012 loss_classifier=0.3 loss_box_reg=0.2 loss_mask=0.6 loss_objectness=0.3 loss_rpn_box_reg=0.1 lr=0.000400 sec_per_iter=1.010",
        "epoch=1 train_loss=1.6012 box_ap=0.0412 box_ap50=0.1201 mask_ap=0.0388 mask_ap50=0.1102 epoch_seconds=63.4",
        "something else entirely",
        "epoch=2 iter=10/20 loss=1.2 loss_classifier=0.3 loss_box_reg=0.2 loss_mask=0.5 loss_objectness=0.1 loss_rpn_box_reg=0.1 lr=0.0003 sec_per_iter=1.0",
        "epoch=2 train_loss=1.1 box_ap=0.2 box_ap50=0.4 mask_ap=0.15 mask_ap50=0.35 epoch_seconds=60",
    ];

    [Fact]
    public void The_training_log_parses_into_series_on_an_epoch_axis()
    {
        var series = TrainingLog.Parse(Log).ToDictionary(s => s.Name);
        Assert.Equal([(0.5, 1.8421), (1.0, 1.5012), (1.5, 1.2)], series["loss"].Points);
        Assert.Equal([(1.0, 1.6012), (2.0, 1.1)], series["train_loss"].Points);
        Assert.Equal([(1.0, 0.1102), (2.0, 0.35)], series["mask_ap50"].Points);
        Assert.DoesNotContain("iter", series.Keys);
        Assert.DoesNotContain("epoch", series.Keys);
    }

    [Fact]
    public void Sagemaker_metric_definitions_and_metric_data_make_series_too()
    {
        var fromRegex = MetricSeries.FromLog(Log, [("validation:mask_ap", @"mask_ap=([-+]?[0-9]*\.?[0-9]+)")]);
        Assert.Equal([(1.0, 0.0388), (2.0, 0.15)], Assert.Single(fromRegex).Points);
        var t0 = DateTimeOffset.UnixEpoch;
        var fromData = MetricSeries.FromMetricData([
            new MetricData { MetricName = "train:loss", Value = 2, Timestamp = t0 },
            new MetricData { MetricName = "train:loss", Value = 1, Timestamp = t0.AddSeconds(30) },
            new MetricData { MetricName = "validation:mask_ap", Value = 0.3, Timestamp = t0.AddSeconds(30) },
        ]).ToDictionary(s => s.Name);
        Assert.Equal([(0.0, 2.0), (30.0, 1.0)], fromData["train:loss"].Points);
        Assert.Single(fromData["validation:mask_ap"].Points);
    }

    [Fact]
    public void The_loss_chart_is_static_svg_with_one_colour_per_series_and_no_script_or_external_url()
    {
        var chart = TrainingCharts.Loss(Log);
        var svg = chart.Svg;
        var doc = XDocument.Parse(svg); // well-formed XML
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Equal("640", (string?)doc.Root.Attribute("width"));
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onload", svg, StringComparison.OrdinalIgnoreCase);
        var urls = System.Text.RegularExpressions.Regex.Matches(svg, "https?://[^\"' )]+").Select(m => m.Value).Distinct().ToArray();
        Assert.All(urls, u => Assert.Contains(u, new[] { "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink" }));
        Assert.DoesNotContain("href=\"http", svg);
        for (int k = 0; k < 7; k++) // loss, five terms, train_loss
            Assert.Contains(InstancePalette.Hex(k), svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("train_loss", svg.Replace("&#95;", "_"));
        Assert.InRange(svg.Length, 2_000, 400_000);
    }

    [Fact]
    public void Two_charts_in_one_page_do_not_share_element_ids()
    {
        var a = TrainingCharts.Loss(Log).Svg;
        var b = TrainingCharts.AveragePrecision(Log).Svg;
        static string[] Ids(string svg) => XDocument.Parse(svg).Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToArray();
        Assert.NotEmpty(Ids(a));
        Assert.Empty(Ids(a).Intersect(Ids(b)));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(a, @"url\(#([^)]+)\)"))
            Assert.Contains(m.Groups[1].Value, Ids(a));
    }

    [Fact]
    public void The_png_is_a_png_of_the_asked_size()
    {
        var png = MetricChart.Line([new MetricSeries("loss", [(1, 2.0), (2, 1.0)])], new ChartOptions { Width = 300, Height = 200 }).Png;
        Assert.True(Stepwise.Vision.Data.PngCodec.IsPng(png));
        var image = Stepwise.Vision.Data.PngCodec.DecodeRgb(png);
        Assert.Equal((300, 200), (image.Width, image.Height));
    }

    [Fact]
    public void A_chart_without_points_still_renders_and_says_so()
    {
        var svg = MetricChart.Line([]).Svg;
        XDocument.Parse(svg);
        Assert.Contains("no data points", svg.Replace("&#32;", " "));
    }
}
