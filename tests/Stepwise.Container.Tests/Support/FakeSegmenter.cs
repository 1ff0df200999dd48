using System.Text.Json;
using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Tests.Support;

/// <summary>
/// A stand-in network for the container's own logic (contract, logging, HTTP): predicts two fixed rectangles and
/// reports shrinking losses. The real Mask R-CNN runs in <see cref="MaskRcnnContainerTests"/>.
/// </summary>
sealed class FakeSegmenter : ITrainableSegmenter
{
    int _steps;
    public int Predictions;
    public Func<RgbImage, float, IReadOnlyList<Prediction>>? OnPredict { get; init; }

    public IReadOnlyList<Prediction> Predict(RgbImage image, float scoreThreshold)
    {
        Interlocked.Increment(ref Predictions);
        if (OnPredict is not null)
            return OnPredict(image, scoreThreshold);
        var all = new[] { Rect(image, 0.9f, 0, 0, image.Width / 2, image.Height / 2), Rect(image, 0.3f, image.Width / 2, image.Height / 2, image.Width - 1, image.Height - 1) };
        return all.Where(p => p.Score >= scoreThreshold).ToArray();
    }

    public static Prediction Rect(RgbImage image, float score, int x1, int y1, int x2, int y2)
    {
        var m = new byte[image.Width * image.Height];
        for (int y = y1; y <= y2; y++)
            for (int x = x1; x <= x2; x++)
                m[y * image.Width + x] = 1;
        return new Prediction(1, score, new Box(x1, y1, x2, y2), new BinaryMask(image.Width, image.Height, m));
    }

    public IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<InstanceSample> batch, double lr)
    {
        _steps++;
        double l = 1.0 / _steps;
        return new Dictionary<string, double>
        {
            ["loss_classifier"] = l, ["loss_box_reg"] = l, ["loss_mask"] = l, ["loss_objectness"] = l, ["loss_rpn_box_reg"] = l, ["loss"] = 5 * l,
        };
    }

    public void Save(string modelDir)
    {
        Directory.CreateDirectory(modelDir);
        File.WriteAllText(Path.Combine(modelDir, "fake.json"), JsonSerializer.Serialize(new { steps = _steps }));
    }

    public void Dispose() { }
}

sealed class FakeFactory(FakeSegmenter? segmenter = null) : ISegmenterFactory
{
    public FakeSegmenter Segmenter { get; } = segmenter ?? new FakeSegmenter();
    public ITrainableSegmenter Create(TrainingHyperparameters hyperparameters) => Segmenter;

    public IInstanceSegmenter Load(string modelDir) =>
        File.Exists(Path.Combine(modelDir, "fake.json")) ? Segmenter : throw new FileNotFoundException($"no model in {modelDir}");
}
