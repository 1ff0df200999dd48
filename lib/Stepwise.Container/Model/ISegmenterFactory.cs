using Stepwise.Container.Contract;

namespace Stepwise.Container.Model;

/// <summary>Creates models for training and loads saved ones for serving; the seam tests use to swap the network.</summary>
public interface ISegmenterFactory
{
    ITrainableSegmenter Create(TrainingHyperparameters hyperparameters);

    IInstanceSegmenter Load(string modelDir);
}
