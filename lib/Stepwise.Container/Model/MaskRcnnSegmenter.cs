using Stepwise.Container.Contract;
using Stepwise.Vision;
using Stepwise.Vision.Data;
using Stepwise.Vision.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Container.Model;

/// <summary>The TorchSharp Mask R-CNN behind the container: tensors in, plain arrays out, one dispose scope per call.</summary>
public sealed class MaskRcnnSegmenter : ITrainableSegmenter
{
    readonly MaskRCNN _model;
    readonly ModelConfig _config;
    readonly Device _device;
    optim.Optimizer? _optimizer;
    readonly TrainingHyperparameters? _hp;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _config.Classes;

    MaskRcnnSegmenter(MaskRCNN model, ModelConfig config, TrainingHyperparameters? hp)
    {
        _device = cuda.is_available() ? CUDA : CPU;
        _model = model;
        _model.to(_device);
        _config = config;
        _hp = hp;
    }

    /// <summary>The configuration of pretrained=false: resnet18 → the Small preset, resnet50 → torchvision's network; image_size is the shorter side.</summary>
    public static MaskRCNNOptions OptionsFor(TrainingHyperparameters hp) =>
        Sized(hp.Backbone == "resnet50" ? MaskRCNNOptions.TorchvisionNoWeights(hp.NumClasses) : MaskRCNNOptions.Small(hp.NumClasses), hp.ImageSize);

    /// <summary>The base model shipped beside the program (copied from models/maskrcnn-base at build).</summary>
    public static string ShippedBaseModel => Path.Combine(AppContext.BaseDirectory, "base-model");

    /// <summary>ResNet18.onnx of the restored Microsoft.ML.DnnImageFeaturizer.ResNet18 package (its path is recorded at build time).</summary>
    public static string RestoredImageNetOnnx =>
        typeof(MaskRcnnSegmenter).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ResNet18Onnx").Value!;

    /// <summary>
    /// A model to train, as <see cref="TrainingHyperparameters.Pretrained"/> says: random, CNTK's ImageNet backbone, or the
    /// base Mask R-CNN with its predictors swapped for num_classes (as the seed's FastRCNNPredictor/MaskRCNNPredictor).
    /// Unusable weight files throw <see cref="ContainerException"/> naming the file and the mismatch.
    /// </summary>
    public static MaskRcnnSegmenter Create(TrainingHyperparameters hp, IReadOnlyList<string>? classes = null, TextWriter? log = null)
    {
        random.manual_seed(hp.Seed);
        IReadOnlyList<string>? baseClasses = null;
        var (options, load) = hp.Pretrained switch
        {
            PretrainedWeights.None => (OptionsFor(hp), (Action<MaskRCNN>?)null),
            PretrainedWeights.ImageNetBackbone => ImageNetStart(hp, log),
            _ => BaseModelStart(hp, log, out baseClasses),
        };
        var config = new ModelConfig
        {
            Options = options,
            Classes = classes
                ?? (hp.ClassNames is { } names ? (IReadOnlyList<string>)["__background__", .. names] : null)
                ?? (baseClasses?.Count == hp.NumClasses ? baseClasses : null)
                ?? ["__background__", .. Enumerable.Range(1, hp.NumClasses - 1).Select(i => hp.NumClasses == 2 ? "pedestrian" : $"class{i}")],
        };
        var model = MaskRCNN.Create(options);
        // Decided once per machine by a probe in a child process (a few seconds, then cached); see OneDnnBackward.
        if (!cuda.is_available())
            log?.WriteLine(OneDnnBackward.Verdict.Reason);
        try
        {
            load?.Invoke(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return new MaskRcnnSegmenter(model, config, hp);
    }

    static MaskRCNNOptions Sized(MaskRCNNOptions baseline, int imageSize)
    {
        double ratio = (double)baseline.MaxSize / baseline.MinSize;
        return baseline with { MinSize = imageSize, MaxSize = (int)Math.Ceiling(imageSize * ratio) };
    }

    // torchvision with a pretrained backbone: FrozenBatchNorm2d, the last three stages trainable.
    static (MaskRCNNOptions, Action<MaskRCNN>?) ImageNetStart(TrainingHyperparameters hp, TextWriter? log)
    {
        var options = Sized(MaskRCNNOptions.CntkResNet18Small(hp.NumClasses) with { FrozenBatchNorm = true, TrainableBackboneLayers = 3 }, hp.ImageSize);
        var path = hp.ImageNetOnnx ?? RestoredImageNetOnnx;
        Vision.Onnx.CntkResNet18.Weights weights;
        try
        {
            weights = Vision.Onnx.CntkResNet18.Read(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new ContainerException($"The ImageNet backbone (pretrained=imagenet) cannot be read: {e.Message}", e);
        }
        return (options, model =>
        {
            try
            {
                model.LoadStateDict(weights.ToStateDict("backbone.body.", rgbInput: true), path, k => k.StartsWith("backbone.body.", StringComparison.Ordinal));
            }
            catch (StateDictMismatchException e)
            {
                throw new ContainerException(e.Message, e);
            }
            log?.WriteLine($"pretrained=imagenet: backbone from {path} ({weights.Convolutions} convolutions, {weights.BatchNorms} batch norms, blocks [{string.Join(",", weights.BlocksPerStage)}])");
        });
    }

    static (MaskRCNNOptions, Action<MaskRCNN>?) BaseModelStart(TrainingHyperparameters hp, TextWriter? log, out IReadOnlyList<string> classes)
    {
        var dir = hp.BaseModel ?? ShippedBaseModel;
        ModelConfig baseConfig;
        try
        {
            baseConfig = ModelConfig.Load(dir);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ContainerException($"The base model (pretrained=true) cannot be used: {e.Message} Set pretrained=false to train from random weights.", e);
        }
        classes = baseConfig.Classes;
        var weightsPath = Path.Combine(dir, baseConfig.WeightsFile);
        int baseClasses = baseConfig.Options.NumClasses;
        bool swap = baseClasses != hp.NumClasses;
        var options = Sized(baseConfig.Options with { NumClasses = hp.NumClasses }, hp.ImageSize);
        // The seed's swap: new FastRCNNPredictor and MaskRCNNPredictor (conv5_mask and mask_fcn_logits) for num_classes.
        bool classMean = swap && hp.PredictorInit == PredictorInit.ClassMean;
        return (options, model =>
        {
            try
            {
                var source = SafetensorsFile.Load(weightsPath);
                model.LoadStateDict(source, weightsPath, swap ? k => !IsPredictor(k) : null);
                if (classMean)
                    model.LoadStateDict(ClassMeanPredictors(source, model, baseClasses, hp.NumClasses), weightsPath, IsPredictor);
                foreach (var t in source.Values) t.Dispose();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or StateDictMismatchException)
            {
                throw new ContainerException($"The base model (pretrained=true) cannot be used: {e.Message}", e);
            }
            log?.WriteLine($"pretrained=true: base model {weightsPath} ({baseClasses} classes)" + (!swap ? ""
                : classMean ? $"; box and mask predictors rebuilt for num_classes={hp.NumClasses} from the base's background and mean foreground class"
                : $"; box and mask predictors replaced for num_classes={hp.NumClasses}"));
        });
    }

    static bool IsPredictor(string key) => key.StartsWith("roi_heads.box_predictor.", StringComparison.Ordinal) || key.StartsWith("roi_heads.mask_predictor.", StringComparison.Ordinal);

    /// <summary>
    /// predictor_init=class_mean: the new predictors' background rows are the base's, every foreground class gets the
    /// mean of the base's foreground rows (cls_score, bbox_pred in blocks of 4, mask_fcn_logits), and class-free layers
    /// (conv5_mask) are kept: a class-agnostic start instead of random rows.
    /// </summary>
    static Dictionary<string, Tensor> ClassMeanPredictors(IReadOnlyDictionary<string, Tensor> source, MaskRCNN model, int from, int to)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (key, own) in model.state_dict().Where(kv => IsPredictor(kv.Key)))
        {
            if (!source.TryGetValue(key, out var b))
                continue;   // LoadStateDict names it as missing
            long per = b.shape[0] / from;
            if (b.shape.SequenceEqual(own.shape) || b.shape[0] != per * from || own.shape[0] != per * to || !b.shape.Skip(1).SequenceEqual(own.shape.Skip(1)))
            {
                result[key] = b;   // class-free, or a shape LoadStateDict reports
                continue;
            }
            var blocks = b.reshape([from, per, .. b.shape.Skip(1)]);
            var foreground = blocks[TensorIndex.Slice(1)].mean([0L], keepdim: true);
            result[key] = cat([blocks[TensorIndex.Slice(0, 1)], foreground.expand([to - 1, .. foreground.shape.Skip(1)])], 0).reshape(own.shape);
        }
        return result;
    }

    public static MaskRcnnSegmenter Load(string modelDir)
    {
        var config = ModelConfig.Load(modelDir);
        var model = MaskRCNN.Create(config.Options);
        var weights = Path.Combine(modelDir, config.WeightsFile);
        if (!File.Exists(weights))
            throw new FileNotFoundException($"Model weights '{weights}' are missing.", weights);
        model.Load(weights);
        model.eval();
        return new MaskRcnnSegmenter(model, config, null);
    }

    Tensor ToTensor(RgbImage image)
    {
        // HWC bytes → CHW float in 0..1, the model's input.
        var t = tensor(image.Pixels, [image.Height, image.Width, 3], ScalarType.Byte);
        return t.permute(2, 0, 1).to(ScalarType.Float32).div_(255f).to(_device);
    }

    public IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<InstanceSample> batch, double lr)
    {
        var hp = _hp ?? throw new InvalidOperationException("This model was loaded for serving; create one for training.");
        using var scope = NewDisposeScope();
        _model.train();
        _optimizer ??= hp.Optimizer == "adamw"
            ? optim.AdamW(_model.parameters().Where(p => p.requires_grad), hp.Lr, weight_decay: hp.WeightDecay)
            : optim.SGD(_model.parameters().Where(p => p.requires_grad), hp.Lr, hp.Momentum, weight_decay: hp.WeightDecay);
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = lr;
        var images = new List<Tensor>();
        var targets = new List<Target>();
        foreach (var s in batch)
        {
            images.Add(ToTensor(s.Image));
            var boxes = tensor(s.Boxes.SelectMany(b => new[] { b.X1, b.Y1, b.X2, b.Y2 }).ToArray(), [s.Count, 4]).to(_device);
            var labels = tensor(s.Labels.Select(l => (long)l).ToArray(), [s.Count]).to(_device);
            var maskBytes = new byte[s.Count * s.Image.Width * s.Image.Height];
            for (int k = 0; k < s.Count; k++)
                s.Masks[k].Pixels.CopyTo(maskBytes, k * s.Image.Width * s.Image.Height);
            var masks = tensor(maskBytes, [s.Count, s.Image.Height, s.Image.Width], ScalarType.Byte).to(_device);
            targets.Add(new Target(boxes, labels, masks));
        }
        var losses = _model.forward(images, targets);
        var total = losses.Values.Aggregate((a, b) => a + b);
        _optimizer.zero_grad();
        total.backward();
        if (hp.GradClip > 0)
            nn.utils.clip_grad_norm_(_model.parameters().Where(p => p.requires_grad), hp.GradClip);
        _optimizer.step();
        var result = losses.ToDictionary(kv => kv.Key, kv => (double)kv.Value.item<float>());
        result["loss"] = total.item<float>();
        return result;
    }

    /// <summary>
    /// libtorch threads each prediction runs on (0: libtorch's default). OpenMP keeps the thread count per calling
    /// thread, and oneDNN reads it before libtorch's own lazy per-thread setting applies, so a server's request threads
    /// each set it before predicting: otherwise every concurrent prediction spreads over all cores and they fight.
    /// </summary>
    public static int ThreadsPerPrediction { get; set; }

    public IReadOnlyList<Prediction> Predict(RgbImage image, float scoreThreshold)
    {
        if (ThreadsPerPrediction > 0) set_num_threads(ThreadsPerPrediction);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var detection = _model.Predict([ToTensor(image)])[0];
        var keep = (detection.Scores >= scoreThreshold).nonzero().flatten();
        // Usually every detection clears the threshold: then no copies of the 100 full-size probability masks.
        bool all = keep.shape[0] == detection.Scores.shape[0];
        Tensor Kept(Tensor t) => all ? t : t.index_select(0, keep);
        var scores = Kept(detection.Scores).cpu().ToArray<float>();
        var labels = Kept(detection.Labels).cpu().ToArray<long>();
        var boxes = Kept(detection.Boxes).cpu().ToArray<float>();
        var masks = (Kept(detection.Masks) > 0.5f).to(ScalarType.Byte).cpu().ToArray<byte>();
        int area = image.Width * image.Height;
        var result = new Prediction[scores.Length];
        for (int i = 0; i < scores.Length; i++)
            result[i] = new Prediction((int)labels[i], scores[i], new Box(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]),
                new BinaryMask(image.Width, image.Height, masks.AsSpan(i * area, area).ToArray()));
        return result.OrderByDescending(p => p.Score).ToArray();
    }

    public void Save(string modelDir)
    {
        Directory.CreateDirectory(modelDir);
        _model.Save(Path.Combine(modelDir, _config.WeightsFile), _hp?.SaveFloat16 ?? false);
        _config.Save(modelDir);
    }

    public void Dispose()
    {
        _optimizer?.Dispose();
        _model.Dispose();
    }
}
