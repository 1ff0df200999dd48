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
            ["backbone"] = "ResNet50", ["seed"] = "42", ["sagemaker_region"] = "\"us-east-1\"",
        });
        Assert.Equal(3, hp.NumEpochs);
        Assert.Equal(0.005, hp.Lr);
        Assert.Equal(4, hp.BatchSize);
        Assert.Equal(160, hp.ImageSize);
        Assert.Equal("resnet50", hp.Backbone);
        Assert.Equal(42, hp.Seed);
        Assert.Equal(["sagemaker_region"], hp.Unknown);
    }

    [Theory]
    [InlineData("num_epochs", "abc", "Hyperparameter 'num_epochs' must be an integer, got \"abc\".")]
    [InlineData("num_epochs", "0", "Hyperparameter 'num_epochs' must be at least 1, got 0.")]
    [InlineData("lr", "fast", "Hyperparameter 'lr' must be a number, got \"fast\".")]
    [InlineData("lr", "-1", "Hyperparameter 'lr' must be positive, got -1.")]
    [InlineData("backbone", "vgg", "Hyperparameter 'backbone' must be \"resnet18\" or \"resnet50\", got \"vgg\".")]
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
}
