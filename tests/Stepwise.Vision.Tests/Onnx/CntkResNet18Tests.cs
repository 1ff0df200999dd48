using Microsoft.ML.OnnxRuntime;
using Stepwise.Vision.Data;
using Stepwise.Vision.Model;
using Stepwise.Vision.Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Onnx;

/// <summary>
/// CNTK's ImageNet ResNet-18 (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1) imported into <see cref="BasicResNet"/>,
/// checked against the same ONNX files run by Microsoft.ML.OnnxRuntime.
/// </summary>
public class CntkResNet18Tests(ITestOutputHelper log)
{
    static readonly Lazy<CntkResNet18.Weights> Imported = new(() => CntkResNet18.Read(DnnImageModels.ResNet18));

    /// <summary>A 224×224 synthetic scene as 0…255 RGB, NCHW (the package's preprocessing input).</summary>
    static float[] Image255()
    {
        var image = new SyntheticShapes(11, new SyntheticShapesOptions { Width = 224, Height = 224 }).Generate(3).Image;
        var chw = new float[3 * 224 * 224];
        for (int p = 0; p < 224 * 224; p++)
            for (int c = 0; c < 3; c++)
                chw[c * 224 * 224 + p] = image.Pixels[3 * p + c];
        return chw;
    }

    static float[] RunOnnx(string path, float[] input)
    {
        using var session = new InferenceSession(path);
        var name = session.InputMetadata.Keys.Single();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(input, [1, 3, 224, 224]))]);
        return results.Single().AsTensor<float>().ToArray();
    }

    /// <summary>Our network with the imported weights (CNTK's BGR input order kept), eval mode, layer4 average-pooled to [512].</summary>
    static double[] OurFeatures(float[] preprocessed, ScalarType dtype, bool rgbConv1 = false, Func<Tensor, Tensor>? prepare = null)
    {
        using var scope = NewDisposeScope();
        using var net = new BasicResNet([2, 2, 2, 3], StridedPadding.BeginHeavy);
        net.load_state_dict(Imported.Value.ToStateDict(dtype: ScalarType.Float32, rgbInput: rgbConv1), strict: false);
        net.to(dtype).eval();
        using var noGrad = no_grad();
        var x = tensor(preprocessed, [1, 3, 224, 224]).to(dtype);
        if (prepare is not null) x = prepare(x);
        return net.call(x).mean([2, 3]).flatten().to(ScalarType.Float64).data<double>().ToArray();
    }

    static double MaxRelativeDiff(IReadOnlyList<double> a, IReadOnlyList<float> reference)
    {
        double scale = reference.Max(v => Math.Abs(v));
        return a.Select((v, i) => Math.Abs(v - reference[i])).Max() / scale;
    }

    [Fact]
    public void Import_maps_22_convolutions_and_22_batch_norms_onto_a_2_2_2_3_BasicResNet()
    {
        var w = Imported.Value;
        Assert.Equal(22, w.Convolutions);
        Assert.Equal(22, w.BatchNorms);
        Assert.Equal([2, 2, 2, 3], w.BlocksPerStage);
        using var net = new BasicResNet(w.BlocksPerStage, StridedPadding.BeginHeavy);
        var own = net.state_dict().Where(kv => !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(own.Keys.Order(), w.Tensors.Keys.Order());
        Assert.All(own, kv => Assert.Equal(kv.Value.shape, w.Tensors[kv.Key].Dims));
        Assert.Equal([128L, 64, 1, 1], w.Tensors["layer2.0.downsample.0.weight"].Dims);
        Assert.Equal([512L, 512, 3, 3], w.Tensors["layer4.2.conv2.weight"].Dims);
    }

    [Fact]
    public void CntkResNet18Small_takes_the_import_as_its_whole_backbone_body()
    {
        using var model = MaskRCNN.Create(MaskRCNNOptions.CntkResNet18Small());
        var body = Imported.Value.ToStateDict("backbone.body.", rgbInput: true);
        model.LoadStateDict(body, DnnImageModels.ResNet18, k => k.StartsWith("backbone.body.", StringComparison.Ordinal));
        var loaded = model.state_dict()["backbone.body.layer4.2.bn2.running_var"];
        Assert.Equal(Imported.Value.Tensors["layer4.2.bn2.running_var"].Values, loaded.data<float>().ToArray());
        // torchvision's resnet18 (2-2-2-2) has no layer4.2: the same import does not fit it, and says which keys.
        using var torchvisionLayout = MaskRCNN.Create(MaskRCNNOptions.Small());
        var e = Assert.Throws<StateDictMismatchException>(() =>
            torchvisionLayout.LoadStateDict(body, DnnImageModels.ResNet18, k => k.StartsWith("backbone.body.", StringComparison.Ordinal)));
        Assert.Contains("backbone.body.layer4.2.conv1.weight", e.Unexpected);
        Assert.Contains(DnnImageModels.ResNet18, e.Message);
    }

    [Fact]
    public void Package_preprocessing_is_BGR_pixels_minus_a_mean_image_whose_channel_means_are_MeanRgb()
    {
        var image = Image255();
        var onnx = RunOnnx(DnnImageModels.Preprocess, image);
        var mean = OnnxModel.Load(DnnImageModels.Preprocess).Initializers["MeanImage"];
        Assert.Equal([1L, 3, 224, 224], mean.Dims);
        const int plane = 224 * 224;
        double worst = 0;
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
                worst = Math.Max(worst, Math.Abs(onnx[c * plane + p] - (image[(2 - c) * plane + p] - mean.Values[c * plane + p])));
        Assert.True(worst < 1e-4, $"preprocessing differs from BGR − mean image by {worst}");
        for (int c = 0; c < 3; c++)
            Assert.Equal(CntkResNet18.MeanRgb[2 - c], mean.Values.Skip(c * plane).Take(plane).Average(v => (double)v), 6);
    }

    [Fact]
    public void Features_match_onnxruntime_in_float32_and_float64()
    {
        var preprocessed = RunOnnx(DnnImageModels.Preprocess, Image255());
        var reference = RunOnnx(DnnImageModels.ResNet18, preprocessed);
        Assert.Equal(512, reference.Length);
        var f32 = OurFeatures(preprocessed, ScalarType.Float32);
        var f64 = OurFeatures(preprocessed, ScalarType.Float64);
        double d32 = MaxRelativeDiff(f32, reference), d64 = MaxRelativeDiff(f64, reference);
        double d3264 = f32.Select((v, i) => Math.Abs(v - f64[i])).Max() / f64.Max(Math.Abs);
        log.WriteLine($"max |feature| {reference.Max(Math.Abs):G4}; relative max diff vs onnxruntime: float32 {d32:E2}, float64 {d64:E2}; ours float32 vs float64 {d3264:E2}");
        Assert.True(d32 < 2e-6, $"float32 features differ from onnxruntime by {d32:E2} (relative)");
        Assert.True(d64 < 2e-6, $"float64 features differ from onnxruntime by {d64:E2} (relative)");
        Assert.True(d3264 < 2e-6, $"float32 and float64 differ by {d3264:E2}");
    }

    [Fact]
    public void Rgb_first_convolution_and_channel_means_reproduce_the_package_pipeline_up_to_the_mean_image()
    {
        // Our transform: (x/255 − mean/255) / (1/255) on RGB with conv1's input channels reversed; CNTK: BGR − mean image.
        var image = Image255();
        var reference = RunOnnx(DnnImageModels.ResNet18, RunOnnx(DnnImageModels.Preprocess, image));
        var options = MaskRCNNOptions.CntkResNet18Small();
        Tensor Normalise(Tensor x)
        {
            var mean = tensor(options.ImageMean, ScalarType.Float64).view(1, 3, 1, 1);
            var std = tensor(options.ImageStd, ScalarType.Float64).view(1, 3, 1, 1);
            return (x / 255 - mean) / std;
        }
        double rgb = MaxRelativeDiff(OurFeatures(image, ScalarType.Float64, rgbConv1: true, Normalise), reference);
        double bgrMistake = MaxRelativeDiff(OurFeatures(image, ScalarType.Float64, rgbConv1: false, Normalise), reference);
        log.WriteLine($"relative max diff vs the package pipeline: channel means + RGB conv1 {rgb:E2}; same without reversing conv1 {bgrMistake:E2}");
        Assert.True(rgb < 0.05, $"channel-mean preprocessing is {rgb:P1} off the mean-image pipeline");
        Assert.True(bgrMistake > 4 * rgb, $"reversing conv1's channels should matter: {bgrMistake:E2} vs {rgb:E2}");
    }

    [Fact]
    public void Begin_heavy_padding_pads_top_left_only_as_onnx_pads_1_1_0_0()
    {
        using var conv = new PaddedConv2d(1, 1, 3, 2, 1, 0);
        using var noGrad = no_grad();
        conv.parameters().Single().fill_(1);
        var y = conv.call(ones(1, 1, 7, 7));
        // ONNX: floor((7 + 1 + 0 − 3) / 2) + 1 = 3 (PyTorch's symmetric padding 1 gives 4); the corner sees 2×2 pixels.
        Assert.Equal([1L, 1, 3, 3], y.shape);
        Assert.Equal(4f, y[0, 0, 0, 0].item<float>());
        Assert.Equal(9f, y[0, 0, 2, 2].item<float>());
        using var pool = new PaddedMaxPool2d(3, 2, 1, 0);
        var p = pool.call(-ones(1, 1, 7, 7));
        Assert.Equal([1L, 1, 3, 3], p.shape);
        Assert.Equal(-1f, p.max().item<float>());   // padded cells are −∞, never the maximum
    }

    [Fact]
    public void A_truncated_onnx_file_is_refused_with_its_name()
    {
        using var dir = new Data.TempDir();
        var path = Path.Combine(dir.Path, "ResNet18.onnx");
        using (var source = File.OpenRead(DnnImageModels.ResNet18))
        using (var target = File.Create(path))
        {
            var head = new byte[1_000_000];
            source.ReadExactly(head);
            target.Write(head);
        }
        var e = Assert.Throws<InvalidDataException>(() => CntkResNet18.Read(path));
        Assert.Contains(path, e.Message);
    }
}
