namespace Stepwise.Vision.Model;

/// <summary>
/// Full configuration of <see cref="MaskRCNN"/>. Defaults are torchvision's <c>maskrcnn_resnet50_fpn</c>;
/// <see cref="Small"/> is a CPU-trainable configuration. Change with <c>with</c>.
/// </summary>
public sealed record MaskRCNNOptions
{
    /// <summary>Classes including background (torchvision default 91; PennFudan: 2).</summary>
    public int NumClasses { get; init; } = 91;

    /// <summary>"resnet18", "resnet34", "resnet50", "resnet101" or "resnet152".</summary>
    public string Backbone { get; init; } = "resnet50";

    /// <summary>
    /// Blocks in layer1…layer4 of a basic-block backbone ("resnet18"/"resnet34") built as <see cref="BasicResNet"/>
    /// rather than TorchVision's resnet; null: the named torchvision network. CNTK's ImageNet ResNet-18: [2, 2, 2, 3].
    /// </summary>
    public int[]? BackboneBlocks { get; init; }

    /// <summary>Padding of the backbone's strided layers (with <see cref="BackboneBlocks"/>); CNTK's ResNet: <see cref="StridedPadding.BeginHeavy"/>.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<StridedPadding>))]
    public StridedPadding BackbonePadding { get; init; } = StridedPadding.Symmetric;

    /// <summary>Backbone stages left trainable, counted from layer4 (0–5); torchvision: 3 with pretrained weights, 5 without.</summary>
    public int TrainableBackboneLayers { get; init; } = 3;

    /// <summary>FrozenBatchNorm2d in the backbone (pretrained torchvision); false = BatchNorm2d, as torchvision builds it with weights_backbone=None.</summary>
    public bool FrozenBatchNorm { get; init; } = true;

    public int FpnOutChannels { get; init; } = 256;

    public int MinSize { get; init; } = 800;
    public int MaxSize { get; init; } = 1333;
    public int SizeDivisible { get; init; } = 32;
    public double[] ImageMean { get; init; } = [0.485, 0.456, 0.406];
    public double[] ImageStd { get; init; } = [0.229, 0.224, 0.225];

    /// <summary>One anchor size per FPN level ('0'..'3', 'pool').</summary>
    public int[] AnchorSizes { get; init; } = [32, 64, 128, 256, 512];
    public double[] AspectRatios { get; init; } = [0.5, 1.0, 2.0];

    public int RpnPreNmsTopNTrain { get; init; } = 2000;
    public int RpnPreNmsTopNTest { get; init; } = 1000;
    public int RpnPostNmsTopNTrain { get; init; } = 2000;
    public int RpnPostNmsTopNTest { get; init; } = 1000;
    public float RpnNmsThresh { get; init; } = 0.7f;
    public float RpnFgIouThresh { get; init; } = 0.7f;
    public float RpnBgIouThresh { get; init; } = 0.3f;
    public int RpnBatchSizePerImage { get; init; } = 256;
    public float RpnPositiveFraction { get; init; } = 0.5f;
    public float RpnScoreThresh { get; init; } = 0.0f;

    public float BoxScoreThresh { get; init; } = 0.05f;
    public float BoxNmsThresh { get; init; } = 0.5f;
    public int BoxDetectionsPerImage { get; init; } = 100;
    public float BoxFgIouThresh { get; init; } = 0.5f;
    public float BoxBgIouThresh { get; init; } = 0.5f;
    public int BoxBatchSizePerImage { get; init; } = 512;
    public float BoxPositiveFraction { get; init; } = 0.25f;
    public float[] BoxRegWeights { get; init; } = [10f, 10f, 5f, 5f];

    /// <summary>Width of TwoMLPHead (fc6, fc7).</summary>
    public int RepresentationSize { get; init; } = 1024;

    /// <summary>Channels of the mask head's 3×3 convolutions (mask_head.0 … mask_head.N-1).</summary>
    public int[] MaskLayers { get; init; } = [256, 256, 256, 256];
    public int MaskDilation { get; init; } = 1;

    /// <summary>Channels of the mask predictor's ConvTranspose (conv5_mask).</summary>
    public int MaskPredictorChannels { get; init; } = 256;

    /// <summary>
    /// oneDNN for the backward pass of training steps: true keeps it on, false holds it off (libtorch's native kernels,
    /// about half as fast), null (the default) follows <see cref="OneDnnBackward.Verdict"/>: a one-time probe in a child
    /// process, because libtorch 2.10's oneDNN crashed (SIGFPE) in a ResNet-50 backward on one AVX-512 machine; see
    /// <see cref="OneDnn"/>. Forward passes (training and inference) always use oneDNN. A run-time choice, not part of a
    /// saved model's configuration (not serialised; an old config.json's value is ignored).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool? OneDnnInTraining { get; init; }

    /// <summary>torchvision's maskrcnn_resnet50_fpn(weights=None, weights_backbone=None): BatchNorm2d, all stages trainable.</summary>
    public static MaskRCNNOptions TorchvisionNoWeights(int numClasses) =>
        new() { NumClasses = numClasses, FrozenBatchNorm = false, TrainableBackboneLayers = 5 };

    /// <summary>
    /// CPU configuration: ResNet-18-FPN, short side 192 (max 256), anchors one octave smaller (16…256: objects in a
    /// 192-pixel image are small, and anchors of 512 would cover none), fewer proposals, 128 sampled RoIs, 256-wide box
    /// head, 2×128 mask head.
    /// </summary>
    public static MaskRCNNOptions Small(int numClasses = 2) => new()
    {
        NumClasses = numClasses,
        Backbone = "resnet18",
        FrozenBatchNorm = false,
        TrainableBackboneLayers = 5,
        FpnOutChannels = 128,
        MinSize = 192,
        MaxSize = 256,
        AnchorSizes = [16, 32, 64, 128, 256],
        RpnPreNmsTopNTrain = 600,
        RpnPreNmsTopNTest = 300,
        RpnPostNmsTopNTrain = 300,
        RpnPostNmsTopNTest = 100,
        RpnBatchSizePerImage = 128,
        BoxBatchSizePerImage = 128,
        RepresentationSize = 256,
        MaskLayers = [128, 128],
        MaskPredictorChannels = 128,
        BoxDetectionsPerImage = 50,
    };

    /// <summary>
    /// <see cref="Small"/> on CNTK's ImageNet ResNet-18 (the one in Microsoft.ML.DnnImageFeaturizer.ResNet18, see
    /// <see cref="Onnx.CntkResNet18"/>): 2-2-2-3 blocks, begin-heavy strided padding, and its input convention: the
    /// first convolution's input channels are stored in RGB order and the image is scaled to 0…255 minus the per-channel
    /// means of CNTK's mean image (std 1/255 on 0…1 pixels).
    /// </summary>
    public static MaskRCNNOptions CntkResNet18Small(int numClasses = 2) => Small(numClasses) with
    {
        BackboneBlocks = [2, 2, 2, 3],
        BackbonePadding = StridedPadding.BeginHeavy,
        ImageMean = [.. Onnx.CntkResNet18.MeanRgb.Select(m => m / 255.0)],
        ImageStd = [1 / 255.0, 1 / 255.0, 1 / 255.0],
    };

    /// <summary>Checks the values up front, naming the offending option.</summary>
    public MaskRCNNOptions Validate()
    {
        static void Check(bool ok, string message) { if (!ok) throw new ArgumentException(message); }
        Check(NumClasses >= 2, $"NumClasses must count background plus at least one class; got {NumClasses}.");
        Check(Backbone is "resnet18" or "resnet34" or "resnet50" or "resnet101" or "resnet152", $"Backbone '{Backbone}' is not one of resnet18/34/50/101/152.");
        Check(TrainableBackboneLayers is >= 0 and <= 5, $"TrainableBackboneLayers must be 0..5; got {TrainableBackboneLayers}.");
        Check(BackboneBlocks is null || (Backbone is "resnet18" or "resnet34" && BackboneBlocks.Length == 4 && BackboneBlocks.All(b => b >= 1)),
            $"BackboneBlocks [{string.Join(",", BackboneBlocks ?? [])}] needs a basic-block backbone (resnet18/resnet34, not {Backbone}) and four stages of at least one block.");
        Check(BackboneBlocks is not null || BackbonePadding == StridedPadding.Symmetric, "BackbonePadding other than Symmetric needs BackboneBlocks (torchvision's resnets pad symmetrically).");
        Check(MinSize > 0 && MaxSize >= MinSize, $"MinSize ({MinSize}) must be positive and not above MaxSize ({MaxSize}).");
        Check(ImageMean.Length == 3 && ImageStd.Length == 3, "ImageMean and ImageStd need 3 values (RGB).");
        Check(AnchorSizes.Length == 5, $"AnchorSizes needs one size per FPN level (5); got {AnchorSizes.Length}.");
        Check(AspectRatios.Length > 0, "AspectRatios is empty.");
        Check(BoxPositiveFraction is > 0 and <= 1 && RpnPositiveFraction is > 0 and <= 1, "Positive fractions must be in (0, 1].");
        Check(BoxRegWeights.Length == 4, "BoxRegWeights needs 4 values (wx, wy, ww, wh).");
        Check(MaskLayers.Length > 0, "MaskLayers is empty.");
        return this;
    }
}
