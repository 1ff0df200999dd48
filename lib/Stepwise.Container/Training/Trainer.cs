using Stepwise.Vision.Training;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Container.Training;

/// <summary>
/// The training loop of <c>train</c>: AdamW (or SGD, by the <c>optimizer</c> hyperparameter) with a linear warm-up and a
/// cosine (or constant) schedule, horizontal-flip augmentation, progress lines every
/// <see cref="TrainingHyperparameters.LogEvery"/> iterations and an epoch summary with box and mask AP on a held-out split
/// (formats in <see cref="MetricDefinitions"/>).
/// </summary>
public sealed class Trainer(TrainingHyperparameters hp, ISegmenterFactory factory, TextWriter log)
{
    /// <summary>Per-epoch figures, also printed.</summary>
    public sealed record EpochResult(int Epoch, double TrainLoss, AveragePrecision Box, AveragePrecision Mask, double Seconds);

    /// <summary>Trains on the dataset, evaluates after each epoch, and saves the model into <paramref name="modelDir"/>.</summary>
    public IReadOnlyList<EpochResult> Run(PennFudanDataset dataset, string modelDir)
    {
        var split = dataset.Split(hp.HeldOutFraction, hp.Seed);
        // Images whose instances were all degenerate have no targets; torchvision trains on them, but they teach little here.
        var train = split.Train.ToArray();
        if (train.Length == 0)
            throw new ContainerException($"The training channel has {dataset.Count} image(s): none is left for training after holding out {hp.HeldOutFraction:P0}.");
        log.WriteLine(Invariant($"dataset={dataset.Root} images={dataset.Count} train={train.Length} held_out={split.HeldOut.Count} backbone={hp.Backbone} image_size={hp.ImageSize} batch_size={hp.BatchSize} epochs={hp.NumEpochs} optimizer={hp.Optimizer} lr={hp.Lr} lr_schedule={hp.LrSchedule} pretrained={hp.Pretrained}"));

        using var model = factory.Create(hp);
        var rng = new SeededRandom(hp.Seed);
        int itersPerEpoch = (train.Length + hp.BatchSize - 1) / hp.BatchSize;
        if (hp.MaxIterations > 0)
            itersPerEpoch = Math.Min(itersPerEpoch, hp.MaxIterations);
        // From random weights the warm-up spans most of the first epoch; from pretrained weights a fifth of the run
        // (a one-epoch fine-tune of a few iterations would otherwise spend nearly all of them at a tiny learning rate).
        int warmup = hp.Pretrained == PretrainedWeights.None
            ? Math.Min(200, Math.Max(0, itersPerEpoch - 1))
            : Math.Min(200, itersPerEpoch * hp.NumEpochs / 5);
        int globalIter = 0;
        var results = new List<EpochResult>();
        for (int epoch = 1; epoch <= hp.NumEpochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            rng.Shuffle(train);
            var sums = new Dictionary<string, double>();
            int seen = 0;
            var windowClock = Stopwatch.StartNew();
            int windowIters = 0;
            for (int it = 0; it < itersPerEpoch; it++)
            {
                var batch = train.Skip(it * hp.BatchSize).Take(hp.BatchSize)
                    .Select(dataset.Load)
                    .Where(s => s.Count > 0)
                    .Select(s => rng.NextDouble() < hp.FlipProbability ? s.FlipHorizontal() : s)
                    .ToArray();
                if (batch.Length == 0)
                    continue;
                double lr = LearningRate(globalIter, warmup, itersPerEpoch * hp.NumEpochs);
                var losses = model.TrainStep(batch, lr);
                globalIter++;
                windowIters++;
                if (!double.IsFinite(losses["loss"]))
                    throw new ContainerException($"Training diverged at epoch {epoch}, iteration {it + 1}: the loss is {losses["loss"]} (lr {lr:G3}). Lower 'lr'.");
                foreach (var (k, v) in losses)
                    sums[k] = sums.GetValueOrDefault(k) + v;
                seen++;
                if ((it + 1) % hp.LogEvery == 0 || it + 1 == itersPerEpoch)
                {
                    var line = new StringBuilder(Invariant($"epoch={epoch} iter={it + 1}/{itersPerEpoch} loss={losses["loss"]:0.0000}"));
                    foreach (var (k, v) in losses.Where(kv => kv.Key != "loss").OrderBy(kv => Array.IndexOf(LossOrder, kv.Key)))
                        line.Append(Invariant($" {k}={v:0.0000}"));
                    line.Append(Invariant($" lr={lr:0.000000} sec_per_iter={windowClock.Elapsed.TotalSeconds / Math.Max(1, windowIters):0.000}"));
                    log.WriteLine(line.ToString());
                    log.Flush();
                    windowClock.Restart();
                    windowIters = 0;
                }
            }
            var (box, mask) = Evaluate(model, dataset, split.HeldOut);
            var seconds = clock.Elapsed.TotalSeconds;
            var result = new EpochResult(epoch, seen == 0 ? double.NaN : sums["loss"] / seen, box, mask, seconds);
            results.Add(result);
            log.WriteLine(Invariant($"epoch={epoch} train_loss={result.TrainLoss:0.0000} box_ap={box.AP:0.0000} box_ap50={box.AP50:0.0000} mask_ap={mask.AP:0.0000} mask_ap50={mask.AP50:0.0000} epoch_seconds={seconds:0.0}"));
            log.Flush();
        }
        model.Save(modelDir);
        log.WriteLine($"model saved to {modelDir}");
        return results;
    }

    /// <summary>Linear warm-up from 0.1 % of lr, then constant or a cosine decay to zero at the last iteration.</summary>
    internal double LearningRate(int iteration, int warmup, int total)
    {
        if (iteration < warmup)
            return hp.Lr * (0.001 + 0.999 * iteration / warmup);
        if (hp.LrSchedule != "cosine" || total <= warmup)
            return hp.Lr;
        double progress = Math.Min(1.0, (double)(iteration - warmup) / (total - warmup));
        return hp.Lr * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    static readonly string[] LossOrder = ["loss_classifier", "loss_box_reg", "loss_mask", "loss_objectness", "loss_rpn_box_reg"];

    /// <summary>COCO box and mask AP of the model on the given images (every detection the model keeps, as COCO does).</summary>
    public static (AveragePrecision Box, AveragePrecision Mask) Evaluate(IInstanceSegmenter model, PennFudanDataset dataset, IReadOnlyList<int> indices)
    {
        var evaluator = new CocoEvaluator();
        foreach (var i in indices)
        {
            var sample = dataset.Load(i);
            var predictions = model.Predict(sample.Image, 0f);
            evaluator.Add(
                Enumerable.Range(0, sample.Count).Select(k => new GroundTruthObject(sample.Labels[k], sample.Boxes[k], sample.Masks[k])),
                predictions.Select(p => new DetectedObject(p.Label, p.Score, p.Box, p.Mask)));
        }
        return (evaluator.EvaluateBoxes(), evaluator.EvaluateMasks());
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
