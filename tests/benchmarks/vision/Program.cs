using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stepwise.Container.Contract;
using Stepwise.Container.Model;
using Stepwise.Container.Runtime;
using Stepwise.Container.Training;
using Stepwise.Vision.Data;
using Stepwise.Vision.Model;
using TorchSharp;
using static TorchSharp.torch;

// Mask R-CNN (ResNet-50-FPN, 2 classes) in TorchSharp vs torchvision on the same weights and inputs, in one run:
// `rounds` alternations of the torchvision process and ours (medians of every timed repeat), both sides' detections
// compared, the peer's BLAS checked; then the walkthrough's fine-tuning epoch from the shipped base model (time, AP)
// and the base model's own AP.
// Usage: dotnet run -c Release --project tests/benchmarks/vision -- [minSize=400] [maxSize=600] [rounds=3] [--no-fine-tune]
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
int minSize = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 400;
int maxSize = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 600;
int rounds = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 3;
const int RepeatsPerRound = 2;
int threads = int.Parse(Environment.GetEnvironmentVariable("BENCH_THREADS") ?? "2", CultureInfo.InvariantCulture);
torch.set_num_threads(threads);
// As `train` and `serve` do (STEPWISE_MALLOC_TUNING=0 keeps glibc's defaults, for an A/B).
bool mallocTuned = MallocTuning.ApplyUnlessDisabled();

var script = Path.Combine(AppContext.BaseDirectory, "torchvision_bench.py");
var data = Path.Combine(Path.GetTempPath(), $"stepwise-vision-bench-{minSize}x{maxSize}.safetensors");
Console.WriteLine($"Mask R-CNN ResNet-50-FPN {minSize}×{maxSize}, batch 1 inference / batch 2 training step, {threads} threads, " +
    $"{rounds} rounds alternating torchvision and Stepwise, {RepeatsPerRound} timed repeats each after a warm-up; medians" +
    (mallocTuned ? "; malloc tuned as serve and train tune it" : ""));

JsonElement Peer()
{
    var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" \"{data}\" {minSize} {maxSize} {RepeatsPerRound}") { RedirectStandardOutput = true };
    psi.Environment["BENCH_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("the torchvision benchmark failed (is python3-torchvision installed? apt-get install -y python3-torchvision)");
    return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static string Times(List<double> xs) => string.Join(" ", xs.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)));

var tvInf = new List<double>();
var tvStep = new List<double>();
var ourInf = new List<double>();
var ourStep = new List<double>();
var ourStepDnn = new List<double>();
JsonElement peer = default;
MaskRCNN? model = null;
MaskRCNN? modelDnn = null;   // MaskRCNNOptions.OneDnnInTraining = false: backward on libtorch's native kernels (what the default was before the probe)
List<Tensor> imgs = [];
List<Target> targets = [];
optim.Optimizer? opt = null;
optim.Optimizer? optDnn = null;
for (int round = 0; round < rounds; round++)
{
    peer = Peer();
    tvInf.AddRange(peer.GetProperty("inference_s").EnumerateArray().Select(e => e.GetDouble()));
    tvStep.AddRange(peer.GetProperty("train_step_s").EnumerateArray().Select(e => e.GetDouble()));
    if (model is null)
    {
        var blas = peer.GetProperty("blas").GetString();
        Console.WriteLine($"torchvision: torch {peer.GetProperty("torch").GetString()}, {peer.GetProperty("blas_info").GetString()} (torch.__config__.show()), " +
            $"loaded BLAS: {blas} [{string.Join(", ", peer.GetProperty("blas_libraries").EnumerateArray().Select(e => e.GetString()))}]");
        if (blas is not ("OpenBLAS" or "MKL" or "BLIS"))
        {
            Console.Error.WriteLine($"torchvision runs on {blas}: a ratio against an unoptimised BLAS says nothing; no ratio is reported. " +
                "Install Debian's OpenBLAS: apt-get install -y libopenblas0-pthread (update-alternatives then points libblas.so.3 at it).");
            return 3;
        }
        var d = SafetensorsFile.Load(data);
        model = MaskRCNN.Create(MaskRCNNOptions.TorchvisionNoWeights(2) with { MinSize = minSize, MaxSize = maxSize });
        model.LoadStateDict(d.Where(kv => kv.Key.StartsWith("sd.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[3..], kv => kv.Value));
        imgs = [d["img0"], d["img1"]];
        targets =
        [
            new(d["t0.boxes"], ones(2, ScalarType.Int64), d["t0.masks"]),
            new(d["t1.boxes"], ones(2, ScalarType.Int64), d["t1.masks"]),
        ];
        if (!SameDetections(model.Predict([imgs[0]])[0], SafetensorsFile.Load(data + ".detections"))) return 4;
        var probeClock = Stopwatch.StartNew();
        Console.WriteLine($"{OneDnnBackward.Verdict.Reason}; decided in {probeClock.Elapsed.TotalSeconds:F1} s");
        model.train();
        opt = optim.SGD(model.parameters().Where(p => p.requires_grad), 0.001, momentum: 0.9);
        modelDnn = MaskRCNN.Create(model.Options with { OneDnnInTraining = false });
        modelDnn.LoadStateDict(d.Where(kv => kv.Key.StartsWith("sd.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[3..], kv => kv.Value));
        modelDnn.train();
        optDnn = optim.SGD(modelDnn.parameters().Where(p => p.requires_grad), 0.001, momentum: 0.9);
    }
    model.eval();
    ourInf.AddRange(Timed(() => { using var s = NewDisposeScope(); model.Predict([imgs[0]]); }));
    model.train();
    ourStep.AddRange(Timed(() =>
    {
        using var s = NewDisposeScope();
        opt!.zero_grad();
        var losses = model.forward(imgs, targets);
        losses.Values.Aggregate((a, b) => a + b).backward();
        opt.step();
    }));
    ourStepDnn.AddRange(Timed(() =>
    {
        using var s = NewDisposeScope();
        optDnn!.zero_grad();
        var losses = modelDnn!.forward(imgs, targets);
        losses.Values.Aggregate((a, b) => a + b).backward();
        optDnn.step();
    }));
    Console.WriteLine($"round {round + 1}: inference torchvision {Times(tvInf[^RepeatsPerRound..])} s, Stepwise {Times(ourInf[^RepeatsPerRound..])} s; " +
        $"training step torchvision {Times(tvStep[^RepeatsPerRound..])} s, Stepwise {Times(ourStep[^RepeatsPerRound..])} s (backward on native kernels: {Times(ourStepDnn[^RepeatsPerRound..])} s)");
}
Console.WriteLine($"inference   : Stepwise {Median(ourInf):F2} s, torchvision {Median(tvInf):F2} s, ratio {Median(ourInf) / Median(tvInf):F2}× (goal ≤ 1.0×)");
Console.WriteLine($"train step  : Stepwise {Median(ourStep):F2} s, torchvision {Median(tvStep):F2} s, ratio {Median(ourStep) / Median(tvStep):F2}× (goal ≤ 1.0×; default: {OneDnnBackward.Verdict.Reason})");
Console.WriteLine($"train step, OneDnnInTraining=false (native backward): Stepwise {Median(ourStepDnn):F2} s, ratio {Median(ourStepDnn) / Median(tvStep):F2}×");

if (!args.Contains("--no-fine-tune")) FineTuneAndBase();
return 0;

List<double> Timed(Action a)
{
    a();
    var times = new List<double>();
    for (int i = 0; i < RepeatsPerRound; i++)
    {
        var sw = Stopwatch.StartNew();
        a();
        times.Add(sw.Elapsed.TotalSeconds);
    }
    return times;
}

// Both sides' detections on img0 (float32, random weights): the same number, each of torchvision's matched by one of
// ours of the same label with IoU ≥ 0.99 and a score within 1e-3 (float32 rounding may reorder near-equal scores).
static bool SameDetections(Detection ours, Dictionary<string, Tensor> theirs)
{
    long n = theirs["boxes"].shape[0];
    if (ours.Count != n)
    {
        Console.Error.WriteLine($"detections differ: Stepwise {ours.Count}, torchvision {n}");
        return false;
    }
    if (n == 0) { Console.WriteLine("detections: none on either side"); return true; }
    var iou = torchvision.ops.box_iou(theirs["boxes"], ours.Boxes);
    var same = theirs["labels"].unsqueeze(1) == ours.Labels.unsqueeze(0);
    var (best, idx) = iou.masked_fill(same.logical_not(), -1).max(1);
    var scoreDiff = (theirs["scores"] - ours.Scores.index_select(0, idx)).abs();
    var maskDiff = (theirs["masks"] - ours.Masks.index_select(0, idx)).abs().max().item<float>();
    int matched = ((best >= 0.99f) & (scoreDiff <= 1e-3f)).sum().item<long>() is var m ? (int)m : 0;
    Console.WriteLine($"detections on img0: {n} on both sides; {matched}/{n} matched (same label, IoU ≥ 0.99, score within 1e-3); " +
        $"min IoU {best.min().item<float>():F4}, max score diff {scoreDiff.max().item<float>():E1}, max mask-probability diff {maskDiff:E1}");
    if (matched >= n - Math.Max(1, n / 50)) return true;
    Console.Error.WriteLine("the two sides' detections differ: no ratio is reported");
    return false;
}

// The walkthrough's fine-tuning (notebook 04: make-dataset --count 16 --seed 1, the first 12 as the training channel,
// num_epochs=1, num_classes=2, backbone=resnet18, pretrained from the shipped base), evaluated on the notebook's 4
// held-out images and 30 more (--count 30 --seed 77); then the base model alone on a held-out set of its own kind.
static void FineTuneAndBase()
{
    var root = Directory.CreateTempSubdirectory("stepwise-vision-bench-").FullName;
    try
    {
        var all = Path.Combine(root, "all");
        new SyntheticShapes(1, new SyntheticShapesOptions()).WriteTo(all, 16);
        var optMl = new OptMl(Path.Combine(root, "opt"));
        Directory.CreateDirectory(optMl.ConfigDir);
        var train = optMl.ChannelDir("training");
        var stems = Directory.GetFiles(Path.Combine(all, PennFudanDataset.ImagesFolder), "*.png").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        var heldOut = Path.Combine(root, "heldout");
        foreach (var (stem, i) in stems.Select((s, i) => (s!, i)))
        {
            var to = i < 12 ? train : heldOut;
            foreach (var folder in new[] { PennFudanDataset.ImagesFolder, PennFudanDataset.MasksFolder })
            {
                Directory.CreateDirectory(Path.Combine(to, folder));
                foreach (var f in Directory.GetFiles(Path.Combine(all, folder), stem + "*"))
                    File.Copy(f, Path.Combine(to, folder, Path.GetFileName(f)));
            }
        }
        File.WriteAllText(optMl.HyperparametersFile, """{"num_epochs": "1", "num_classes": "2", "backbone": "resnet18"}""");
        File.WriteAllText(optMl.InputDataConfigFile, """{"training": {"TrainingInputMode": "File"}}""");
        var log = new StringWriter();
        var err = new StringWriter();
        var clock = Stopwatch.StartNew();
        if (TrainJob.Run(optMl, new MaskRcnnFactory(), log, err) != 0) throw new InvalidOperationException("train failed: " + err + log);
        var wall = clock.Elapsed.TotalSeconds;
        var epoch = Regex.Match(log.ToString(), @"epoch=1 train_loss=\S+ .*epoch_seconds=([0-9.]+)");
        var iters = Regex.Matches(log.ToString(), @"iter=(\d+)/(\d+)").LastOrDefault()?.Groups[2].Value ?? "?";
        Console.WriteLine($"fine-tune (walkthrough: 12 images, 1 epoch, {iters} iterations, from models/maskrcnn-base): epoch {epoch.Groups[1].Value} s incl. its held-out evaluation, train {wall:F1} s wall");
        using (var tuned = MaskRcnnSegmenter.Load(optMl.ModelDir))
        {
            var more = Path.Combine(root, "more");
            new SyntheticShapes(77, new SyntheticShapesOptions()).WriteTo(more, 30);
            Report("fine-tuned, notebook's 4 held-out", tuned, heldOut);
            Report("fine-tuned, 30 more (seed 77)", tuned, more);
        }
        using (var based = MaskRcnnSegmenter.Load(MaskRcnnSegmenter.ShippedBaseModel))
        {
            var baseSet = Path.Combine(root, "base");
            new SyntheticShapes(1001, new SyntheticShapesOptions { MaxInstances = 6, LabelByKind = true }).WriteTo(baseSet, 30);
            Report("base model, 30 of its kind (seed 1001, 5 classes)", based, baseSet, byKind: true);
        }
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}

static void Report(string what, IInstanceSegmenter model, string dir, bool byKind = false)
{
    var dataset = PennFudanDataset.Open(dir);
    var clock = Stopwatch.StartNew();
    var (box, mask) = Trainer.Evaluate(model, dataset, Enumerable.Range(0, dataset.Count).ToList());
    Console.WriteLine($"{what}: mask AP@.5 {mask.AP50:F3}, box AP@.5 {box.AP50:F3}, mask AP@[.5:.95] {mask.AP:F3}, box AP@[.5:.95] {box.AP:F3} ({dataset.Count} images, {clock.Elapsed.TotalSeconds:F1} s)");
}
