using Stepwise.Vision.Data;

namespace Stepwise.Container.Model;

/// <summary>What <c>serve</c> and the epoch evaluation need from a model: predictions for one image.</summary>
public interface IInstanceSegmenter : IDisposable
{
    /// <summary>Detections with a score at or above <paramref name="scoreThreshold"/>, highest score first.</summary>
    IReadOnlyList<Prediction> Predict(RgbImage image, float scoreThreshold);

    /// <summary>Class names by label (0 the background), for the tags of an overlay; empty when unknown.</summary>
    IReadOnlyList<string> ClassNames => [];
}
