using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SkiaSharp;
using Stepwise.Container.Serving;
using Stepwise.Container.Tests.Support;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;
using Stepwise.Vision.Rendering;

namespace Stepwise.Container.Tests;

public sealed class ServeVerbTests : IAsyncLifetime
{
    readonly FakeSegmenter _model = new();
    InferenceServer _server = null!;
    HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await InferenceServer.StartAsync(new ServeOptions { ModelDir = "unused", Port = 0, Host = "127.0.0.1" }, () => _model);
        _http = new HttpClient { BaseAddress = _server.Address };
        for (int i = 0; i < 100 && (await _http.GetAsync("/ping")).StatusCode != HttpStatusCode.OK; i++)
            await Task.Delay(20);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    static byte[] Png(int w = 40, int h = 30) => PngCodec.EncodeRgb(new RgbImage(w, h, Enumerable.Range(0, w * h * 3).Select(i => (byte)i).ToArray()));

    static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var c = new ByteArrayContent(bytes);
        c.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return c;
    }

    [Fact]
    public async Task Ping_is_200_when_the_model_is_loaded()
    {
        var r = await _http.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Png_invocation_answers_json_with_RLE_masks_of_the_image_size()
    {
        var r = await _http.PostAsync("/invocations", Body(Png(40, 30), "image/png"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/json", r.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("boxes").GetArrayLength()); // default threshold 0.5 drops the 0.3 detection
        Assert.Equal([0.0, 0, 20, 15], root.GetProperty("boxes")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(1, root.GetProperty("labels")[0].GetInt32());
        Assert.Equal(0.9, root.GetProperty("scores")[0].GetDouble(), 4);
        var m = root.GetProperty("masks")[0];
        Assert.Equal([30, 40], m.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        var mask = CocoRle.FromCountsString(30, 40, m.GetProperty("counts").GetString()!).Decode();
        Assert.Equal((40, 30), (mask.Width, mask.Height));
        Assert.Equal(21 * 16, mask.Area());
        Assert.Equal(new Box(0, 0, 20, 15), mask.BoundingBox());
    }

    [Fact]
    public async Task Threshold_comes_from_query_header_or_json()
    {
        async Task<int> Count(HttpRequestMessage req)
        {
            var r = await _http.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("scores").GetArrayLength();
        }
        Assert.Equal(2, await Count(new HttpRequestMessage(HttpMethod.Post, "/invocations?score_threshold=0.1") { Content = Body(Png(), "application/x-image") }));
        var withHeader = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Body(Png(), "image/png") };
        withHeader.Headers.Add("X-Score-Threshold", "0.95");
        Assert.Equal(0, await Count(withHeader));
        var json = JsonSerializer.Serialize(new { image = Convert.ToBase64String(Png()), score_threshold = 0.2 });
        Assert.Equal(2, await Count(new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(json, Encoding.UTF8, "application/json") }));
    }

    [Fact]
    public async Task Jpeg_is_decoded()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(50, 20, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(new SKColor(200, 30, 30));
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 90);
        var r = await _http.PostAsync("/invocations", Body(data.ToArray(), "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var size = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("masks")[0].GetProperty("size");
        Assert.Equal([20, 50], size.EnumerateArray().Select(v => v.GetInt32()));
        var image = ImageDecoder.Decode(data.ToArray());
        Assert.InRange(image.Pixels[0], 190, 210);
    }

    [Fact]
    public async Task Accept_png_answers_an_instance_id_mask()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/invocations?score_threshold=0") { Content = Body(Png(40, 30), "image/png") };
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));
        var r = await _http.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("image/png", r.Content.Headers.ContentType!.MediaType);
        var labels = PngCodec.DecodeLabels(await r.Content.ReadAsByteArrayAsync());
        Assert.Equal((40, 30), (labels.Width, labels.Height));
        Assert.Equal([1, 2], labels.InstanceIds());
        Assert.Equal(1, labels.Labels[0]);
        Assert.Equal(2, labels.Labels[29 * 40 + 39]);
        var detections = JsonDocument.Parse(r.Headers.GetValues("X-Detections").Single()).RootElement;
        Assert.Equal(2, detections.GetProperty("scores").GetArrayLength());
    }

    [Fact]
    public async Task Overlay_chosen_by_custom_attributes_draws_each_mask_in_its_own_colour_over_the_image()
    {
        var input = PngCodec.DecodeRgb(Png(80, 60));
        var req = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Body(Png(80, 60), "image/png") };
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));
        req.Headers.Add(InvocationParameters.CustomAttributesHeader, "render=overlay;score_threshold=0");
        var r = await _http.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("image/png", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains("detections=2", r.Headers.GetValues(InvocationParameters.CustomAttributesHeader).Single());
        var overlay = PngCodec.DecodeRgb(await r.Content.ReadAsByteArrayAsync());
        Assert.Equal((80, 60), (overlay.Width, overlay.Height));

        (byte, byte, byte) At(RgbImage im, int x, int y) => (im.Pixels[(y * 80 + x) * 3], im.Pixels[(y * 80 + x) * 3 + 1], im.Pixels[(y * 80 + x) * 3 + 2]);
        static byte Mix(byte under, byte over) => (byte)Math.Round(under * 0.55 + over * 0.45);
        // Inside the first (best) detection: the input blended with palette colour 0.
        var (r0, g0, b0) = InstancePalette.For(0);
        var (ir, ig, ib) = At(input, 10, 15);
        Assert.Equal((Mix(ir, r0), Mix(ig, g0), Mix(ib, b0)), At(overlay, 10, 15));
        // Inside the second: colour 1; the two colours differ.
        var (r1, g1, b1) = InstancePalette.For(1);
        var (jr, jg, jb) = At(input, 60, 45);
        Assert.Equal((Mix(jr, r1), Mix(jg, g1), Mix(jb, b1)), At(overlay, 60, 45));
        Assert.NotEqual(InstancePalette.For(0), InstancePalette.For(1));
        // Outside every mask, box and tag: the input untouched.
        Assert.Equal(At(input, 10, 50), At(overlay, 10, 50));

        // The query string chooses it too (direct HTTP callers).
        var viaQuery = new HttpRequestMessage(HttpMethod.Post, "/invocations?render=overlay&score_threshold=0") { Content = Body(Png(80, 60), "image/png") };
        viaQuery.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));
        Assert.Equal(await r.Content.ReadAsByteArrayAsync(), await (await _http.SendAsync(viaQuery)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task No_detection_above_the_threshold_says_so_and_names_the_parameter()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Body(Png(), "image/png") };
        req.Headers.Add(InvocationParameters.CustomAttributesHeader, "score_threshold=0.95");
        var r = await _http.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var root = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, root.GetProperty("boxes").GetArrayLength());
        Assert.Equal(0.95, root.GetProperty("score_threshold").GetDouble(), 4);
        var message = root.GetProperty("message").GetString()!;
        Assert.Contains("0.95", message);
        Assert.Contains("score_threshold", message);

        r = await _http.PostAsync("/invocations?score_threshold=0.5", Body(Png(), "image/png"));
        Assert.False(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.TryGetProperty("message", out _));
    }

    [Fact]
    public async Task The_answer_reads_back_through_the_client_contract()
    {
        var r = await _http.PostAsync("/invocations", new ByteArrayContent(InvocationRequest.Json(Png(40, 30), scoreThreshold: 0.1f))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        });
        var result = InvocationResult.Parse(await r.Content.ReadAsByteArrayAsync());
        Assert.Equal((40, 30, 2), (result.Width, result.Height, result.Detections.Count));
        Assert.Equal(21 * 16, result.Detections[0].Mask!.Area());
        Assert.Equal(new Box(0, 0, 20, 15), result.Detections[0].Box);
        Assert.Null(result.Message);
    }

    [Fact]
    public async Task A_bad_render_value_is_400_naming_the_choices()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Body(Png(), "image/png") };
        req.Headers.Add(InvocationParameters.CustomAttributesHeader, "render=sketch");
        var r = await _http.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("overlay", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Garbage_is_400_with_a_reason_and_the_server_keeps_serving()
    {
        var r = await _http.PostAsync("/invocations", Body("definitely not an image"u8.ToArray(), "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("not a PNG or JPEG", await r.Content.ReadAsStringAsync());

        var truncated = Png(64, 64)[..60];
        r = await _http.PostAsync("/invocations", Body(truncated, "image/png"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("PNG", await r.Content.ReadAsStringAsync());

        r = await _http.PostAsync("/invocations", new StringContent("{\"image\": 5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        r = await _http.PostAsync("/invocations?score_threshold=2", Body(Png(), "image/png"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        r = await _http.PostAsync("/invocations", Body(Png(), "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/invocations", Body(Png(), "image/png"))).StatusCode);
    }

    [Fact]
    public async Task Oversize_is_413_and_the_server_keeps_serving()
    {
        var big = new byte[6 * 1024 * 1024 + 1];
        var r = await _http.PostAsync("/invocations", Body(big, "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("limit", await r.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/invocations", Body(Png(), "image/png"))).StatusCode);
    }

    [Fact]
    public async Task Up_to_Workers_predictions_run_at_once_and_further_requests_wait()
    {
        int running = 0, most = 0;
        var model = new FakeSegmenter
        {
            OnPredict = (image, _) =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Thread.Sleep(150);
                Interlocked.Decrement(ref running);
                return [];
            },
        };
        await using var server = await InferenceServer.StartAsync(new ServeOptions { ModelDir = "unused", Port = 0, Host = "127.0.0.1", Workers = 2 }, () => model);
        using var http = new HttpClient { BaseAddress = server.Address };
        for (int i = 0; i < 100 && (await http.GetAsync("/ping")).StatusCode != HttpStatusCode.OK; i++)
            await Task.Delay(20);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => http.PostAsync("/invocations", Body(Png(), "image/png"))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(2, most);
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public void Workers_default_to_one_per_core_and_share_the_cores()
    {
        var options = new ServeOptions { ModelDir = "unused" };
        Assert.Equal(Environment.ProcessorCount, options.Workers);
        Assert.Equal(1, options.ThreadsPerPrediction);
        Assert.Equal(Environment.ProcessorCount, (options with { Workers = 1 }).ThreadsPerPrediction);
    }

    [Fact]
    public async Task Ping_reports_a_model_that_cannot_load()
    {
        await using var server = await InferenceServer.StartAsync(new ServeOptions { ModelDir = "missing", Port = 0, Host = "127.0.0.1" },
            () => throw new FileNotFoundException("No model configuration at 'missing/config.json'"));
        using var http = new HttpClient { BaseAddress = server.Address };
        HttpResponseMessage r;
        int tries = 0;
        while ((r = await http.GetAsync("/ping")).StatusCode == HttpStatusCode.ServiceUnavailable && tries++ < 100)
            await Task.Delay(20);
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Contains("config.json", await r.Content.ReadAsStringAsync());
    }
}
