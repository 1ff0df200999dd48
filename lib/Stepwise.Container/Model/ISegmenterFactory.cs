using Stepwise.Container.Contract;

namespace Stepwise.Container.Model;

/// <summary>Creates models for training and loads saved ones for serving; the seam tests use to swap the network.</summary>
public interface ISegmenterFactory
{
    ITrainableSegmenter Create(TrainingHyperparameters hyperparameters);

    IInstanceSegmenter Load(string modelDir);

    /// <summary>Process-wide settings for serving (the Mask R-CNN factory sets libtorch's threads per prediction).</summary>
    void PrepareForServing(Serving.ServeOptions options)
    {
    }
}
