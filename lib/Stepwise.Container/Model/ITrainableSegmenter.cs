using Stepwise.Vision.Data;

namespace Stepwise.Container.Model;

/// <summary>What <c>train</c> needs from a model on top of prediction.</summary>
public interface ITrainableSegmenter : IInstanceSegmenter
{
    /// <summary>One optimisation step on a batch at learning rate <paramref name="lr"/>; returns the loss terms and their sum as "loss".</summary>
    IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<InstanceSample> batch, double lr);

    /// <summary>Writes weights and configuration into <paramref name="modelDir"/>.</summary>
    void Save(string modelDir);
}
