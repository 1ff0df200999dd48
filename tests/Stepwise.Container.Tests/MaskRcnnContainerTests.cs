using Stepwise.Vision.Training;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stepwise.Container.Model;
using Stepwise.Container.Serving;
using Stepwise.Container.Tests.Support;
using Stepwise.Container.Training;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Container.Tests;

/// <summary>The container verbs with the real network: tiny images, a few of them, one epoch of the Small configuration.</summary>
public class MaskRcnnContainerTests
{
    [MaskRcnnFact]
    public async Task Train_then_serve_with_the_real_model()
    {
        using var dir = new TempDir();
        var optMl = OptMlFixture.Create(dir.Path, new Dictionary<string, string>
        {
            ["num_epochs"] = "1", ["batch_size"] = "2", ["image_size"] = "64", ["backbone"] = "resnet18", ["log_every"] = "1", ["held_out_fraction"] = "0.25",
        }, images: 4);
        var log = new StringWriter();
        var err = new StringWriter();
        Assert.True(TrainJob.Run(optMl, new MaskRcnnFactory(), log, err) == 0, err.ToString() + log);
        Assert.True(File.Exists(Path.Combine(optMl.ModelDir, ModelConfig.FileName)));
        Assert.True(File.Exists(Path.Combine(optMl.ModelDir, "model.safetensors")));
        foreach (var (name, regex) in MetricDefinitions.All)
            Assert.True(Regex.IsMatch(log.ToString(), regex), $"metric {name} missing in:\n{log}");

        await using var server = await InferenceServer.StartAsync(new ServeOptions { ModelDir = optMl.ModelDir, Port = 0, Host = "127.0.0.1" },
            () => new MaskRcnnFactory().Load(optMl.ModelDir));
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        HttpResponseMessage ping;
        for (int i = 0; (ping = await http.GetAsync("/ping")).StatusCode == HttpStatusCode.ServiceUnavailable && i < 600; i++)
            await Task.Delay(50);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);

        var png = File.ReadAllBytes(Path.Combine(optMl.ChannelDir("training"), "PNGImages", SyntheticShapes.StemOf(0) + ".png"));
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var r = await http.PostAsync("/invocations?score_threshold=0", content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var root = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        int n = root.GetProperty("scores").GetArrayLength();
        Assert.Equal(n, root.GetProperty("masks").GetArrayLength());
        foreach (var m in root.GetProperty("masks").EnumerateArray())
        {
            var mask = CocoRle.FromCountsString(48, 64, m.GetProperty("counts").GetString()!).Decode();
            Assert.Equal((64, 48), (mask.Width, mask.Height));
        }

        var garbage = new ByteArrayContent(new byte[] { 1, 2, 3 });
        garbage.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/invocations", garbage)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ping")).StatusCode);
    }

    /// <summary>A model that keeps no detection (found in a from-scratch run: every score under box_score_thresh) answers an empty list, not an exception.</summary>
    [MaskRcnnFact]
    public void A_model_that_detects_nothing_predicts_an_empty_list()
    {
        using var dir = new TempDir();
        using (var fresh = MaskRcnnSegmenter.Create(new Contract.TrainingHyperparameters { ImageSize = 64, Pretrained = Contract.PretrainedWeights.None }))
            fresh.Save(dir.Path);
        var config = ModelConfig.Load(dir.Path);
        (config with { Options = config.Options with { BoxScoreThresh = 1f } }).Save(dir.Path);
        using var model = MaskRcnnSegmenter.Load(dir.Path);
        var shapes = new SyntheticShapes(seed: 3, new SyntheticShapesOptions { Width = 64, Height = 48 });
        Assert.Empty(model.Predict(shapes.Generate(0).Image, 0f));
        var data = Path.Combine(dir.Path, "data");
        shapes.WriteTo(data, count: 1);
        Assert.Equal(0, Trainer.Evaluate(model, PennFudanDataset.Open(data), [0]).Box.AP);
    }
}
