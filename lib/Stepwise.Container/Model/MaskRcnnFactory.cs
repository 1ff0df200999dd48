using Stepwise.Container.Contract;

namespace Stepwise.Container.Model;

/// <summary>The production factory: TorchSharp Mask R-CNN.</summary>
public sealed class MaskRcnnFactory : ISegmenterFactory
{
    public ITrainableSegmenter Create(TrainingHyperparameters hyperparameters) => MaskRcnnSegmenter.Create(hyperparameters, log: Console.Out);

    public IInstanceSegmenter Load(string modelDir) => MaskRcnnSegmenter.Load(modelDir);

    public void PrepareForServing(Serving.ServeOptions options)
    {
        TorchSharp.torch.set_num_threads(options.ThreadsPerPrediction);
        MaskRcnnSegmenter.ThreadsPerPrediction = options.ThreadsPerPrediction;
    }
}
