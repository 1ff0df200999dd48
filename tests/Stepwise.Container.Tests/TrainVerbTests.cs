using Stepwise.Vision.Training;
using System.Text.RegularExpressions;
using Stepwise.Container.Contract;
using Stepwise.Container.Tests.Support;
using Stepwise.Container.Training;

namespace Stepwise.Container.Tests;

public class TrainVerbTests
{
    [Fact]
    public void Train_writes_the_model_and_metric_lines_SageMaker_can_parse()
    {
        using var dir = new TempDir();
        var optMl = OptMlFixture.Create(dir.Path, new Dictionary<string, string> { ["num_epochs"] = "2", ["batch_size"] = "2", ["log_every"] = "1", ["held_out_fraction"] = "0.34" });
        var log = new StringWriter();
        var err = new StringWriter();
        int code = TrainJob.Run(optMl, new FakeFactory(), log, err);
        Assert.True(code == 0, err.ToString());
        Assert.True(File.Exists(Path.Combine(optMl.ModelDir, "fake.json")));
        Assert.False(File.Exists(optMl.FailureFile));

        var text = log.ToString();
        foreach (var (name, regex) in MetricDefinitions.All)
            Assert.True(Regex.IsMatch(text, regex), $"metric {name} ({regex}) not found in:\n{text}");
        var ap50 = Regex.Matches(text, MetricDefinitions.All.Single(m => m.Name == "validation:mask_ap50").Regex);
        Assert.Equal(2, ap50.Count); // one per epoch
        // The fake predicts the top-left quarter; AP is computed, not a placeholder.
        Assert.InRange(double.Parse(ap50[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        Assert.Matches(@"epoch=1 iter=1/2 loss=5\.0000 loss_classifier=1\.0000 loss_box_reg=1\.0000 loss_mask=1\.0000 loss_objectness=1\.0000 loss_rpn_box_reg=1\.0000 lr=\S+ sec_per_iter=\S+", text);
    }

    [Fact]
    public void Broken_hyperparameter_writes_the_failure_file_and_exits_non_zero()
    {
        using var dir = new TempDir();
        var optMl = OptMlFixture.Create(dir.Path, new Dictionary<string, string> { ["num_epochs"] = "abc" }, images: 2);
        var err = new StringWriter();
        int code = TrainJob.Run(optMl, new FakeFactory(), TextWriter.Null, err);
        Assert.NotEqual(0, code);
        Assert.Equal("Hyperparameter 'num_epochs' must be an integer, got \"abc\".", File.ReadAllText(optMl.FailureFile).Trim());
        Assert.False(Directory.Exists(optMl.ModelDir) && Directory.EnumerateFiles(optMl.ModelDir).Any());
    }

    [Fact]
    public void Missing_training_data_is_a_readable_failure()
    {
        using var dir = new TempDir();
        var optMl = new OptMl(dir.Path);
        Assert.Equal(1, TrainJob.Run(optMl, new FakeFactory(), TextWriter.Null, TextWriter.Null));
        Assert.StartsWith("The training channel cannot be used: Dataset folder", File.ReadAllText(optMl.FailureFile));
    }

    [Fact]
    public async Task Train_verb_reads_the_root_from_STEPWISE_OPT_ML()
    {
        using var dir = new TempDir();
        var optMl = OptMlFixture.Create(dir.Path, new Dictionary<string, string> { ["num_epochs"] = "lots" }, images: 2);
        var previous = Environment.GetEnvironmentVariable(OptMl.RootVariable);
        Environment.SetEnvironmentVariable(OptMl.RootVariable, dir.Path);
        try
        {
            int code = await ContainerProgram.RunAsync(["train"], TextWriter.Null, TextWriter.Null, new FakeFactory());
            Assert.Equal(1, code);
            Assert.Contains("num_epochs", File.ReadAllText(optMl.FailureFile));
        }
        finally
        {
            Environment.SetEnvironmentVariable(OptMl.RootVariable, previous);
        }
    }
}
