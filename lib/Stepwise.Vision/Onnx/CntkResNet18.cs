using System.Globalization;
using Stepwise.Vision.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Onnx;

/// <summary>
/// Maps the ImageNet ResNet-18 of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK 2.6 ONNX export:
/// <c>tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx</c>) onto <see cref="BasicResNet"/>'s torchvision keys.
/// The graph is followed from its input, not matched by node order or name: stem Conv → BatchNormalization → Relu →
/// MaxPool, then each residual Add is a block whose main branch is Conv → BN → Relu → Conv → BN and whose shortcut is
/// the block input or a 1×1 Conv → BN projection (which starts a new stage). Every convolution's kernel, stride and
/// pads are checked against what <see cref="BasicResNet"/> with <see cref="StridedPadding.BeginHeavy"/> computes.
/// </summary>
public static class CntkResNet18
{
    /// <summary>The package's preprocessing (<c>ResNetPreprocess.onnx</c>) subtracts a 224×224 BGR mean image from 0…255 pixels; these are its per-channel means, in RGB order.</summary>
    public static readonly double[] MeanRgb = [123.1516307762691, 115.90288236463556, 103.06262401521815];

    /// <summary>The weights read from the ONNX file, under body keys (<c>conv1.weight</c>, <c>layer4.2.bn2.running_var</c>, …), and the stage layout found.</summary>
    public sealed record Weights(IReadOnlyDictionary<string, OnnxTensor> Tensors, IReadOnlyList<int> BlocksPerStage, int Convolutions, int BatchNorms)
    {
        /// <summary>
        /// The weights as tensors of <paramref name="dtype"/>, keys prefixed with <paramref name="prefix"/> (e.g.
        /// <c>backbone.body.</c>). With <paramref name="rgbInput"/> the first convolution's input channels are reversed
        /// (CNTK's network reads BGR), so it takes RGB images as our transform gives them.
        /// </summary>
        public Dictionary<string, Tensor> ToStateDict(string prefix = "", ScalarType dtype = ScalarType.Float32, bool rgbInput = false)
        {
            var result = new Dictionary<string, Tensor>();
            foreach (var (key, t) in Tensors)
            {
                var value = tensor(t.Values, [.. t.Dims]).to(dtype);
                if (rgbInput && key == "conv1.weight")
                    value = value.flip(1);
                result[prefix + key] = value;
            }
            return result;
        }
    }

    /// <summary>Reads and maps <paramref name="onnxPath"/>; a graph of another shape fails with <see cref="InvalidDataException"/> naming the node.</summary>
    public static Weights Read(string onnxPath) => Map(OnnxModel.Load(onnxPath), onnxPath);

    /// <summary>Maps a parsed model (see <see cref="Read"/>).</summary>
    public static Weights Map(OnnxModel model, string origin)
    {
        var producer = model.Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var tensors = new Dictionary<string, OnnxTensor>();
        int convs = 0, bns = 0;
        InvalidDataException Error(string message) => new($"{origin}: {message}");

        OnnxNode Producer(string value, string op)
        {
            if (!producer.TryGetValue(value, out var node) || node.OpType != op)
                throw Error($"expected '{value}' to come from a {op} node, found {(node is null ? "a graph input or initializer" : $"{node.OpType} '{node.Name}'")}.");
            return node;
        }
        OnnxTensor Init(OnnxNode node, int i) => model.Initializers.TryGetValue(node.Inputs[i], out var t) ? t
            : throw Error($"{node.OpType} '{node.Name}' input {i} ('{node.Inputs[i]}') is not an initializer.");

        void Conv(OnnxNode conv, string key, long kernel, long stride, long before, long after)
        {
            var w = Init(conv, 1);
            long[] pads = conv.Ints("pads", 0, 0, 0, 0);
            if (conv.Inputs.Count > 2 || w.Dims.Count != 4 || w.Dims[2] != kernel || w.Dims[3] != kernel
                || !conv.Ints("strides", 1, 1).SequenceEqual([stride, stride]) || !pads.SequenceEqual([before, before, after, after])
                || conv.Ints("group", 1)[0] != 1 || conv.Ints("dilations", 1, 1).Any(d => d != 1))
                throw Error($"Conv '{conv.Name}' ({key}) has weight {w.Shape}, strides [{string.Join(",", conv.Ints("strides", 1, 1))}], pads [{string.Join(",", pads)}]{(conv.Inputs.Count > 2 ? ", a bias" : "")}; " +
                    $"expected a bias-free {kernel}×{kernel} convolution, stride {stride}, pads [{before},{before},{after},{after}].");
            tensors[key + ".weight"] = w with { Name = key + ".weight" };
            convs++;
        }
        // ONNX BatchNormalization(X, scale, B, mean, var) = torch's weight, bias, running_mean, running_var.
        void Bn(OnnxNode bn, string key)
        {
            if (Math.Abs(bn.Float("epsilon", 1e-5f) - 1e-5f) > 1e-9f)
                throw Error($"BatchNormalization '{bn.Name}' ({key}) has epsilon {bn.Float("epsilon", 1e-5f)}; BatchNorm2d uses 1e-5.");
            string[] names = ["weight", "bias", "running_mean", "running_var"];
            for (int i = 0; i < 4; i++)
                tensors[$"{key}.{names[i]}"] = Init(bn, i + 1) with { Name = $"{key}.{names[i]}" };
            bns++;
        }

        // Walk back from the output: the last Add's chain of blocks down to the stem's MaxPool.
        var blocks = new List<(OnnxNode C1, OnnxNode B1, OnnxNode C2, OnnxNode B2, OnnxNode? Dc, OnnxNode? Db)>();
        string value = producer.TryGetValue(model.Outputs.Single(), out var last) && last.OpType is "AveragePool" or "GlobalAveragePool"
            ? last.Inputs[0] : model.Outputs.Single();
        while (true)
        {
            var relu = Producer(value, "Relu");
            var add = Producer(relu.Inputs[0], "Add");
            // Main branch: BN ← Conv ← Relu ← BN ← Conv; shortcut: the block input or BN ← Conv (1×1).
            OnnxNode? Chain(string v) => producer.TryGetValue(v, out var bn) && bn.OpType == "BatchNormalization"
                && producer.TryGetValue(bn.Inputs[0], out var c) && c.OpType == "Conv" && producer.TryGetValue(c.Inputs[0], out var r) && r.OpType == "Relu"
                && producer.TryGetValue(r.Inputs[0], out var bn1) && bn1.OpType == "BatchNormalization" ? bn : null;
            var mainOut = Chain(add.Inputs[0]) is not null ? add.Inputs[0] : Chain(add.Inputs[1]) is not null ? add.Inputs[1]
                : throw Error($"Add '{add.Name}' has no Conv-BN-Relu-Conv-BN branch.");
            var shortcut = add.Inputs[0] == mainOut ? add.Inputs[1] : add.Inputs[0];
            var b2 = Producer(mainOut, "BatchNormalization");
            var c2 = Producer(b2.Inputs[0], "Conv");
            var b1 = Producer(Producer(c2.Inputs[0], "Relu").Inputs[0], "BatchNormalization");
            var c1 = Producer(b1.Inputs[0], "Conv");
            OnnxNode? db = null, dc = null;
            if (shortcut != c1.Inputs[0])
            {
                db = Producer(shortcut, "BatchNormalization");
                dc = Producer(db.Inputs[0], "Conv");
                if (dc.Inputs[0] != c1.Inputs[0])
                    throw Error($"the shortcut of Add '{add.Name}' does not start at its block's input.");
            }
            blocks.Insert(0, (c1, b1, c2, b2, dc, db));
            value = c1.Inputs[0];
            if (producer.TryGetValue(value, out var pool) && pool.OpType == "MaxPool")
                break;
        }
        var maxpool = Producer(value, "MaxPool");
        if (!maxpool.Ints("kernel_shape").SequenceEqual([3L, 3]) || !maxpool.Ints("strides").SequenceEqual([2L, 2]) || !maxpool.Ints("pads", 0, 0, 0, 0).SequenceEqual([1L, 1, 0, 0]))
            throw Error($"MaxPool '{maxpool.Name}' is not 3×3, stride 2, pads [1,1,0,0].");
        var stemBn = Producer(Producer(maxpool.Inputs[0], "Relu").Inputs[0], "BatchNormalization");
        var stem = Producer(stemBn.Inputs[0], "Conv");
        if (!model.Inputs.Contains(stem.Inputs[0]))
            throw Error($"the stem Conv '{stem.Name}' does not read the graph input.");
        Conv(stem, "conv1", 7, 2, 3, 2);
        Bn(stemBn, "bn1");

        var perStage = new List<int>();
        foreach (var (c1, b1, c2, b2, dc, db) in blocks)
        {
            bool first = perStage.Count == 0 || dc is not null;
            if (first) perStage.Add(0);
            int stage = perStage.Count, index = perStage[^1]++;
            if (stage > 4)
                throw Error($"more than four stages (Conv '{c1.Name}' starts a fifth).");
            string key = $"layer{stage}.{index.ToString(CultureInfo.InvariantCulture)}";
            long stride = stage > 1 && index == 0 ? 2 : 1;
            Conv(c1, key + ".conv1", 3, stride, 1, stride > 1 ? 0 : 1);
            Bn(b1, key + ".bn1");
            Conv(c2, key + ".conv2", 3, 1, 1, 1);
            Bn(b2, key + ".bn2");
            if (dc is not null)
            {
                Conv(dc, key + ".downsample.0", 1, stride, 0, 0);
                Bn(db!, key + ".downsample.1");
            }
        }
        if (perStage.Count != 4)
            throw Error($"found {perStage.Count} stages [{string.Join(",", perStage)}]; a ResNet has four.");
        return new Weights(tensors, perStage, convs, bns);
    }
}
