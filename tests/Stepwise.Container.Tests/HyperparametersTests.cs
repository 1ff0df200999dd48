using Stepwise.Container.Contract;

namespace Stepwise.Container.Tests;

public class HyperparametersTests
{
    [Fact]
    public void String_values_are_parsed_as_SageMaker_writes_them()
    {
        var hp = TrainingHyperparameters.Parse(new Dictionary<string, string>
        {
            ["num_epochs"] = "3", ["num_classes"] = "2", ["lr"] = "0.005", ["batch_size"] = "4", ["image_size"] = "160",
            ["backbone"] = "ResNet50", ["seed"] = "42", ["sagemaker_region"] = "\"us-east-1\"", ["pretrained"] = "False",
        });
        Assert.Equal(3, hp.NumEpochs);
        Assert.Equal(0.005, hp.Lr);
        Assert.Equal(4, hp.BatchSize);
        Assert.Equal(160, hp.ImageSize);
        Assert.Equal("resnet50", hp.Backbone);
        Assert.Equal(42, hp.Seed);
        Assert.Equal(["sagemaker_region"], hp.Unknown);
        Assert.Equal(PretrainedWeights.None, hp.Pretrained);
    }

    [Fact]
    public void Pretrained_defaults_to_the_base_model_and_takes_false_and_imagenet()
    {
        static PretrainedWeights Parse(string? value) => TrainingHyperparameters.Parse(
            value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["pretrained"] = value }).Pretrained;
        Assert.Equal(PretrainedWeights.BaseModel, Parse(null));
        Assert.Equal(PretrainedWeights.BaseModel, Parse("True"));
        Assert.Equal(PretrainedWeights.None, Parse("false"));
        Assert.Equal(PretrainedWeights.ImageNetBackbone, Parse("imagenet"));
        Assert.Equal("Hyperparameter 'pretrained' must be \"true\", \"false\" or \"imagenet\", got \"coco\".",
            Assert.Throws<ContainerException>(() => Parse("coco")).Message);
        Assert.Equal(PredictorInit.ClassMean, TrainingHyperparameters.Parse(new Dictionary<string, string>()).PredictorInit);
        Assert.Equal(PredictorInit.New, TrainingHyperparameters.Parse(new Dictionary<string, string> { ["predictor_init"] = "new" }).PredictorInit);
        var e = Assert.Throws<ContainerException>(() => TrainingHyperparameters.Parse(new Dictionary<string, string> { ["backbone"] = "resnet50" }));
        Assert.Contains("pretrained=false", e.Message);
    }

    [Theory]
    [InlineData("num_epochs", "abc", "Hyperparameter 'num_epochs' must be an integer, got \"abc\".")]
    [InlineData("num_epochs", "0", "Hyperparameter 'num_epochs' must be at least 1, got 0.")]
    [InlineData("lr", "fast", "Hyperparameter 'lr' must be a number, got \"fast\".")]
    [InlineData("lr", "-1", "Hyperparameter 'lr' must be positive, got -1.")]
    [InlineData("backbone", "vgg", "Hyperparameter 'backbone' must be \"resnet18\" or \"resnet50\", got \"vgg\".")]
    [InlineData("optimizer", "lbfgs", "Hyperparameter 'optimizer' must be \"sgd\" or \"adamw\", got \"lbfgs\".")]
    [InlineData("lr_schedule", "step", "Hyperparameter 'lr_schedule' must be \"constant\" or \"cosine\", got \"step\".")]
    public void Bad_values_name_the_key_and_the_value(string key, string value, string message)
    {
        var e = Assert.Throws<ContainerException>(() => TrainingHyperparameters.Parse(new Dictionary<string, string> { [key] = value }));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Missing_file_means_defaults()
    {
        var hp = TrainingHyperparameters.Load("/nonexistent/hyperparameters.json");
        Assert.Equal(1, hp.NumEpochs);
        Assert.Equal(2, hp.NumClasses);
        Assert.Equal("resnet18", hp.Backbone);
    }

    [Fact]
    public void Optimizer_and_schedule_are_read_case_insensitively()
    {
        var hp = TrainingHyperparameters.Parse(new Dictionary<string, string> { ["optimizer"] = "AdamW", ["lr_schedule"] = "Cosine" });
        Assert.Equal(("adamw", "cosine"), (hp.Optimizer, hp.LrSchedule));
        Assert.Empty(hp.Unknown);
    }

    [Fact]
    public void Learning_rate_and_weight_decay_default_per_optimizer()
    {
        var adamw = TrainingHyperparameters.Parse(new Dictionary<string, string>());
        Assert.Equal(("adamw", 0.0005, 0.01, "cosine"), (adamw.Optimizer, adamw.Lr, adamw.WeightDecay, adamw.LrSchedule));
        var sgd = TrainingHyperparameters.Parse(new Dictionary<string, string> { ["optimizer"] = "sgd" });
        Assert.Equal((0.005, 0.0005), (sgd.Lr, sgd.WeightDecay));
        var given = TrainingHyperparameters.Parse(new Dictionary<string, string> { ["optimizer"] = "sgd", ["lr"] = "0.02", ["weight_decay"] = "0.0001" });
        Assert.Equal((0.02, 0.0001), (given.Lr, given.WeightDecay));
    }

    [Theory]
    [InlineData("constant", 0, 0.00001)]       // warm-up starts at 0.1 % of lr
    [InlineData("constant", 5, 0.005005)]
    [InlineData("constant", 99, 0.01)]
    [InlineData("cosine", 10, 0.01)]           // first step after the warm-up
    [InlineData("cosine", 55, 0.005)]          // half way through the decay
    [InlineData("cosine", 100, 0.0)]           // the last step
    public void Learning_rate_warms_up_linearly_then_follows_the_schedule(string schedule, int iteration, double expected)
    {
        var trainer = new Training.Trainer(new TrainingHyperparameters { Lr = 0.01, LrSchedule = schedule }, null!, TextWriter.Null);
        Assert.Equal(expected, trainer.LearningRate(iteration, warmup: 10, total: 100), 9);
    }
}
