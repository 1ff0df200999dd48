using System.Diagnostics;
using System.Text.Json;
using Stepwise.Vision.Model;
using TorchSharp;
using static TorchSharp.torch;

// Mask R-CNN (ResNet-50-FPN, 2 classes) in TorchSharp vs torchvision on the same weights and inputs, same run.
// Usage: dotnet run -c Release --project tests/benchmarks/vision -- [minSize=400] [maxSize=600] [repeats=3]
int minSize = args.Length > 0 ? int.Parse(args[0]) : 400;
int maxSize = args.Length > 1 ? int.Parse(args[1]) : 600;
int reps = args.Length > 2 ? int.Parse(args[2]) : 3;
int threads = int.Parse(Environment.GetEnvironmentVariable("BENCH_THREADS") ?? "2");
torch.set_num_threads(threads);

var script = Path.Combine(AppContext.BaseDirectory, "torchvision_bench.py");
var data = Path.Combine(Path.GetTempPath(), $"stepwise-vision-bench-{minSize}x{maxSize}.safetensors");
Console.WriteLine($"torchvision ({minSize}×{maxSize}, batch 1 inference / batch 2 training step, best of {reps}, {threads} threads)…");
var cached = data + $".{reps}.{threads}.json";
string output;
if (Environment.GetEnvironmentVariable("BENCH_REUSE_TORCHVISION") == "1" && File.Exists(cached)) output = File.ReadAllText(cached);
else
{
    var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" \"{data}\" {minSize} {maxSize} {reps}") { RedirectStandardOutput = true };
    psi.Environment["BENCH_THREADS"] = threads.ToString();
    using var p = Process.Start(psi)!;
    output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) { Console.Error.WriteLine("torchvision benchmark failed (is python3-torchvision installed?)"); return 1; }
    File.WriteAllText(cached, output);
}
Console.WriteLine($"torchvision: {output.Trim()}");
{
    var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
    var tvInf = json.GetProperty("inference_s").GetDouble();
    var tvStep = json.GetProperty("train_step_s").GetDouble();

    var d = SafetensorsFile.Load(data);
    var model = MaskRCNN.Create(MaskRCNNOptions.TorchvisionNoWeights(2) with { MinSize = minSize, MaxSize = maxSize });
    model.LoadStateDict(d.Where(kv => kv.Key.StartsWith("sd.")).ToDictionary(kv => kv.Key[3..], kv => kv.Value));
    var imgs = new List<Tensor> { d["img0"], d["img1"] };
    var targets = new List<Target>
    {
        new(d["t0.boxes"], ones(2, ScalarType.Int64), d["t0.masks"]),
        new(d["t1.boxes"], ones(2, ScalarType.Int64), d["t1.masks"]),
    };
    double Best(Action a)
    {
        a();
        var best = double.MaxValue;
        for (int i = 0; i < reps; i++) { var sw = Stopwatch.StartNew(); a(); best = Math.Min(best, sw.Elapsed.TotalSeconds); }
        return best;
    }
    Console.WriteLine("Stepwise inference…");
    var ours = Best(() => { using var s = NewDisposeScope(); model.Predict([imgs[0]]); });
    Console.WriteLine($"Stepwise inference {ours:F2} s; training step…");
    model.train();
    var opt = optim.SGD(model.parameters().Where(p => p.requires_grad), 0.001, momentum: 0.9);
    var oursStep = Best(() =>
    {
        using var s = NewDisposeScope();
        opt.zero_grad();
        var losses = model.forward(imgs, targets);
        losses.Values.Aggregate((a, b) => a + b).backward();
        opt.step();
    });
    Console.WriteLine($"inference   : Stepwise {ours:F2} s, torchvision {tvInf:F2} s, ratio {ours / tvInf:F2}× (goal ≤ 1.0×)");
    Console.WriteLine($"train step  : Stepwise {oursStep:F2} s, torchvision {tvStep:F2} s, ratio {oursStep / tvStep:F2}× (goal ≤ 1.2×)");
}
return 0;
