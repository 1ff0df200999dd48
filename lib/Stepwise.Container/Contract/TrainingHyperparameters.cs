using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Container.Contract;

/// <summary>
/// The training job's hyperparameters. SageMaker writes every value as a JSON string, so each is parsed here with a
/// message that names the key and the value when it does not fit; unknown keys are kept in <see cref="Unknown"/>.
/// </summary>
public sealed record TrainingHyperparameters
{
    public int NumEpochs { get; init; } = 1;
    /// <summary>Classes including background (PennFudan: 2).</summary>
    public int NumClasses { get; init; } = 2;
    /// <summary>Default: 0.0005 with AdamW, 0.005 with SGD.</summary>
    public double Lr { get; init; } = 0.0005;
    public double Momentum { get; init; } = 0.9;
    /// <summary>Default: 0.01 with AdamW (decoupled), 0.0005 with SGD (L2).</summary>
    public double WeightDecay { get; init; } = 0.01;
    public int BatchSize { get; init; } = 2;
    /// <summary>Shorter image side the model resizes to (torchvision's min_size).</summary>
    public int ImageSize { get; init; } = 192;
    /// <summary>"resnet18" (the small configuration) or "resnet50" (torchvision's maskrcnn_resnet50_fpn).</summary>
    public string Backbone { get; init; } = "resnet18";
    public int Seed { get; init; } = 0;
    /// <summary>Fraction of the training channel held out for the per-epoch AP.</summary>
    public double HeldOutFraction { get; init; } = 0.2;
    /// <summary>A progress line every this many iterations.</summary>
    public int LogEvery { get; init; } = 10;
    /// <summary>Probability of the horizontal-flip augmentation.</summary>
    public double FlipProbability { get; init; } = 0.5;
    /// <summary>Clip the gradients' global norm to this (0: off); keeps from-scratch training (no pretrained backbone) from diverging.</summary>
    public double GradClip { get; init; } = 10;
    /// <summary>Stop an epoch after this many iterations (0: the whole split); for smoke runs.</summary>
    public int MaxIterations { get; init; } = 0;
    /// <summary>"adamw" (decoupled weight decay; from scratch it learns much faster than SGD) or "sgd" (momentum, weight decay).</summary>
    public string Optimizer { get; init; } = "adamw";
    /// <summary>After the warm-up: "cosine" (decays to zero at the last iteration) or "constant".</summary>
    public string LrSchedule { get; init; } = "cosine";
    /// <summary>
    /// Where the weights start (<c>pretrained</c>): "true" (default, like the seed's pretrained=True) fine-tunes the
    /// base Mask R-CNN, swapping its box and mask predictors when num_classes differs; "false" starts from random
    /// weights; "imagenet" starts from CNTK's ImageNet ResNet-18 backbone only (how the base model itself is trained).
    /// </summary>
    public PretrainedWeights Pretrained { get; init; } = PretrainedWeights.BaseModel;
    /// <summary>Folder of the base model (config.json + weights) for pretrained=true; default: the one shipped beside the program.</summary>
    public string? BaseModel { get; init; }
    /// <summary>ResNet18.onnx for pretrained=imagenet; default: the restored Microsoft.ML.DnnImageFeaturizer.ResNet18 package.</summary>
    public string? ImageNetOnnx { get; init; }
    /// <summary>Store the trained weights as float16 (<c>save_float16=true</c>: half the size, e.g. for a base model kept in git); loaded back as float32.</summary>
    public bool SaveFloat16 { get; init; }
    /// <summary>Names of classes 1…num_classes−1 (<c>class_names</c>, comma-separated), written to the model's config.json; default: the base model's when its classes are as many, else "pedestrian" (2 classes) or class1….</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
    /// <summary>
    /// How pretrained=true fills the predictors it replaces (<c>predictor_init</c>): "class_mean" (default: the base's
    /// background and mean foreground rows, its conv5_mask kept; one walkthrough epoch then reaches mask AP@.5 ≈ 0.7) or
    /// "new" (the seed's FastRCNNPredictor/MaskRCNNPredictor: random; ≈ 0.35 after the same epoch).
    /// </summary>
    public PredictorInit PredictorInit { get; init; } = PredictorInit.ClassMean;
    public IReadOnlyList<string> Unknown { get; init; } = [];

    static readonly string[] Known =
    [
        "num_epochs", "num_classes", "lr", "momentum", "weight_decay", "batch_size", "image_size", "backbone", "seed",
        "held_out_fraction", "log_every", "flip_prob", "max_iterations", "grad_clip", "optimizer", "lr_schedule",
        "pretrained", "base_model", "imagenet_onnx", "save_float16", "class_names", "predictor_init",
    ];

    /// <summary>Reads hyperparameters.json; a missing file means all defaults.</summary>
    public static TrainingHyperparameters Load(string path)
    {
        if (!File.Exists(path))
            return new TrainingHyperparameters();
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ContainerException($"{Path.GetFileName(path)} must hold a JSON object of string values.");
        }
        catch (JsonException e)
        {
            throw new ContainerException($"{Path.GetFileName(path)} is not valid JSON: {e.Message}", e);
        }
        var values = new Dictionary<string, string>();
        foreach (var (key, node) in obj)
        {
            // SageMaker writes strings; accept plain numbers too, as the local backend or a hand-written file may.
            values[key] = node switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                null => "",
                _ => node.ToJsonString(),
            };
        }
        return Parse(values);
    }

    /// <summary>Parses string values as SageMaker passes them.</summary>
    public static TrainingHyperparameters Parse(IReadOnlyDictionary<string, string> values)
    {
        var d = new TrainingHyperparameters();
        string? Get(string key) => values.TryGetValue(key, out var v) ? v.Trim() : null;
        var optimizer = Get("optimizer") is { Length: > 0 } o ? o.ToLowerInvariant() : d.Optimizer;
        bool sgd = optimizer == "sgd";
        var hp = d with
        {
            Optimizer = optimizer,
            NumEpochs = Int(Get("num_epochs"), "num_epochs", d.NumEpochs, min: 1),
            NumClasses = Int(Get("num_classes"), "num_classes", d.NumClasses, min: 2),
            Lr = Real(Get("lr"), "lr", sgd ? 0.005 : d.Lr, positive: true),
            Momentum = Real(Get("momentum"), "momentum", d.Momentum),
            WeightDecay = Real(Get("weight_decay"), "weight_decay", sgd ? 0.0005 : d.WeightDecay),
            BatchSize = Int(Get("batch_size"), "batch_size", d.BatchSize, min: 1),
            ImageSize = Int(Get("image_size"), "image_size", d.ImageSize, min: 32),
            Backbone = Get("backbone") is { Length: > 0 } b ? b.ToLowerInvariant() : d.Backbone,
            Seed = Int(Get("seed"), "seed", d.Seed, min: int.MinValue),
            HeldOutFraction = Real(Get("held_out_fraction"), "held_out_fraction", d.HeldOutFraction),
            LogEvery = Int(Get("log_every"), "log_every", d.LogEvery, min: 1),
            FlipProbability = Real(Get("flip_prob"), "flip_prob", d.FlipProbability),
            GradClip = Real(Get("grad_clip"), "grad_clip", d.GradClip),
            MaxIterations = Int(Get("max_iterations"), "max_iterations", d.MaxIterations, min: 0),
            LrSchedule = Get("lr_schedule") is { Length: > 0 } l ? l.ToLowerInvariant() : d.LrSchedule,
            Pretrained = Get("pretrained") is { Length: > 0 } p ? p.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => PretrainedWeights.BaseModel,
                "false" or "0" or "no" => PretrainedWeights.None,
                "imagenet" => PretrainedWeights.ImageNetBackbone,
                _ => throw new ContainerException($"Hyperparameter 'pretrained' must be \"true\", \"false\" or \"imagenet\", got \"{p}\"."),
            } : d.Pretrained,
            SaveFloat16 = Get("save_float16") is { Length: > 0 } f16 ? f16.ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => throw new ContainerException($"Hyperparameter 'save_float16' must be \"true\" or \"false\", got \"{f16}\"."),
            } : d.SaveFloat16,
            ClassNames = Get("class_names") is { Length: > 0 } cn ? [.. cn.Split(',', StringSplitOptions.TrimEntries)] : null,
            PredictorInit = Get("predictor_init") is { Length: > 0 } pi ? pi.ToLowerInvariant() switch
            {
                "new" => PredictorInit.New,
                "class_mean" => PredictorInit.ClassMean,
                _ => throw new ContainerException($"Hyperparameter 'predictor_init' must be \"new\" or \"class_mean\", got \"{pi}\"."),
            } : d.PredictorInit,
            BaseModel = Get("base_model") is { Length: > 0 } bm ? bm : null,
            ImageNetOnnx = Get("imagenet_onnx") is { Length: > 0 } io ? io : null,
            Unknown = values.Keys.Where(k => !Known.Contains(k)).Order(StringComparer.Ordinal).ToArray(),
        };
        if (hp.Backbone is not ("resnet18" or "resnet50"))
            throw new ContainerException($"Hyperparameter 'backbone' must be \"resnet18\" or \"resnet50\", got \"{hp.Backbone}\".");
        if (hp.ClassNames is { } names && (names.Count != hp.NumClasses - 1 || names.Any(n => n.Length == 0)))
            throw new ContainerException($"Hyperparameter 'class_names' must name the {hp.NumClasses - 1} class(es) after background (num_classes={hp.NumClasses}), got {names.Count}: \"{string.Join(",", names)}\".");
        if (hp.Pretrained != PretrainedWeights.None && hp.Backbone != "resnet18")
            throw new ContainerException($"Hyperparameter 'backbone' is \"{hp.Backbone}\" but the pretrained weights are a ResNet-18 (CNTK's ImageNet layout); use backbone=resnet18 or pretrained=false.");
        if (hp.Optimizer is not ("sgd" or "adamw"))
            throw new ContainerException($"Hyperparameter 'optimizer' must be \"sgd\" or \"adamw\", got \"{hp.Optimizer}\".");
        if (hp.LrSchedule is not ("constant" or "cosine"))
            throw new ContainerException($"Hyperparameter 'lr_schedule' must be \"constant\" or \"cosine\", got \"{hp.LrSchedule}\".");
        if (hp.HeldOutFraction is < 0 or >= 1)
            throw new ContainerException($"Hyperparameter 'held_out_fraction' must be in [0, 1), got {hp.HeldOutFraction}.");
        if (hp.FlipProbability is < 0 or > 1)
            throw new ContainerException($"Hyperparameter 'flip_prob' must be in [0, 1], got {hp.FlipProbability}.");
        return hp;
    }

    static int Int(string? text, string key, int fallback, int min)
    {
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new ContainerException($"Hyperparameter '{key}' must be an integer, got \"{text}\".");
        if (v < min)
            throw new ContainerException($"Hyperparameter '{key}' must be at least {min}, got {v}.");
        return v;
    }

    static double Real(string? text, string key, double fallback, bool positive = false)
    {
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new ContainerException($"Hyperparameter '{key}' must be a number, got \"{text}\".");
        if (positive && v <= 0 || v < 0)
            throw new ContainerException($"Hyperparameter '{key}' must be {(positive ? "positive" : "non-negative")}, got {text}.");
        return v;
    }
}
