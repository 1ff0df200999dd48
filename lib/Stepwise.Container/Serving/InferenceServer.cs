using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Stepwise.Container.Model;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;
using Stepwise.Vision.Rendering;

namespace Stepwise.Container.Serving;

/// <summary>
/// <c>serve</c>: Kestrel with SageMaker's two routes. <c>GET /ping</c> is 200 once the model is loaded (503 while
/// loading, 500 with the reason if loading failed). <c>POST /invocations</c> takes image/png, image/jpeg,
/// application/x-image (raw bytes) or application/json (<c>{"image": base64, "score_threshold": 0.5}</c>); the threshold
/// and the PNG rendering may also come as query parameters, SageMaker's CustomAttributes (<c>score_threshold=0.3;render=overlay</c>)
/// and, for the threshold, the <c>X-Score-Threshold</c> header (see lib/Stepwise.Container/README.md). Bad input is a 400 with a reason,
/// a body over 6 MB a 413; neither affects later requests. Up to <see cref="ServeOptions.Workers"/> predictions run at once,
/// each on its own <see cref="PredictionThreads"/> thread (in its own dispose scope, on its own share of the cores); further
/// requests wait in line.
/// </summary>
public sealed class InferenceServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly Task<IInstanceSegmenter> _model;
    readonly PredictionThreads _predictions;
    readonly ServeOptions _options;

    InferenceServer(WebApplication app, Task<IInstanceSegmenter> model, ServeOptions options)
    {
        _app = app;
        _model = model;
        _options = options;
        _predictions = new PredictionThreads(options.Workers);
    }

    /// <summary>The address it listens on (with the real port when 0 was asked).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1"));

    /// <summary>Starts listening at once and loads the model in the background.</summary>
    public static async Task<InferenceServer> StartAsync(ServeOptions options, Func<IInstanceSegmenter> loadModel, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null; // checked per request, so the 413 carries a reason
            k.AddServerHeader = false;
        });
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        var app = builder.Build();
        var model = Task.Run(loadModel, cancellationToken);
        var server = new InferenceServer(app, model, options);
        app.MapGet("/ping", (Func<IResult>)server.Ping);
        app.MapPost("/invocations", (Func<HttpContext, Task<IResult>>)server.InvokeAsync);
        await app.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the host is stopped (SIGTERM).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => await _app.WaitForShutdownAsync(cancellationToken);

    IResult Ping()
    {
        if (!_model.IsCompleted)
            return Results.Text("loading the model\n", statusCode: 503);
        if (!_model.IsCompletedSuccessfully)
            return Results.Text($"the model could not be loaded: {_model.Exception!.GetBaseException().Message}\n", statusCode: 500);
        return Results.Text("ok\n");
    }

    async Task<IResult> InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > _options.MaxPayloadBytes)
            return TooLarge(request.ContentLength.Value);
        var body = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > _options.MaxPayloadBytes)
                return TooLarge(body.Length);
        }
        var bytes = body.ToArray();

        float threshold = _options.DefaultScoreThreshold;
        var render = PngRendering.Labels;
        try
        {
            // The most specific setting wins: custom attributes, then the header, then the query string, then the JSON body.
            var attributes = InvocationRequest.ParseCustomAttributes(request.Headers[InvocationParameters.CustomAttributesHeader].ToString());
            if (attributes.TryGetValue(InvocationParameters.ScoreThreshold, out var a))
                threshold = InvocationRequest.ParseScoreThreshold(a, $"custom attribute {InvocationParameters.ScoreThreshold}");
            if (attributes.TryGetValue(InvocationParameters.Render, out var ar))
                render = InvocationRequest.ParseRendering(ar, $"custom attribute {InvocationParameters.Render}");
            if (request.Headers.TryGetValue(InvocationParameters.ScoreThresholdHeader, out var h))
                threshold = InvocationRequest.ParseScoreThreshold(h.ToString(), $"header {InvocationParameters.ScoreThresholdHeader}");
            if (request.Query.TryGetValue(InvocationParameters.ScoreThreshold, out var q))
                threshold = InvocationRequest.ParseScoreThreshold(q.ToString(), $"query parameter {InvocationParameters.ScoreThreshold}");
            if (request.Query.TryGetValue(InvocationParameters.Render, out var qr))
                render = InvocationRequest.ParseRendering(qr.ToString(), $"query parameter {InvocationParameters.Render}");

            var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            switch (mediaType)
            {
                case "application/json":
                    (bytes, threshold) = InvocationRequest.ParseJson(bytes, threshold);
                    break;
                case "image/png" or "image/jpeg" or "image/jpg" or "application/x-image" or "application/octet-stream" or "":
                    break;
                default:
                    return Results.Text($"Content-Type '{mediaType}' is not supported: send image/png, image/jpeg, application/x-image or application/json.\n", statusCode: 415);
            }
            var image = ImageDecoder.Decode(bytes);

            if (!_model.IsCompleted)
                return Results.Text("the model is still loading\n", statusCode: 503);
            if (!_model.IsCompletedSuccessfully)
                return Results.Text($"the model could not be loaded: {_model.Exception!.GetBaseException().Message}\n", statusCode: 503);
            var model = await _model;
            var predictions = await _predictions.RunAsync(() => model.Predict(image, threshold), context.RequestAborted);
            var result = new InvocationResult(image.Width, image.Height, threshold,
                predictions.Select(p => new DetectedObject(p.Label, p.Score, p.Box, p.Mask)).ToArray());

            var accept = request.Headers.Accept.ToString();
            if (accept.Contains("image/png", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[InvocationParameters.DetectionsHeader] = Encoding.UTF8.GetString(result.ToJson(includeMasks: false));
                // SageMaker returns only this header to the caller: the count survives even where X-Detections does not.
                context.Response.Headers[InvocationParameters.CustomAttributesHeader] =
                    $"detections={result.Detections.Count};{InvocationParameters.ScoreThreshold}={threshold.ToString(CultureInfo.InvariantCulture)};{InvocationParameters.Render}={render.ToString().ToLowerInvariant()}";
                var png = render == PngRendering.Overlay
                    ? DetectionOverlay.RenderPng(image, result.Detections, new OverlayOptions { ClassNames = ClassNames(model) })
                    : result.ToLabelPng();
                return Results.Bytes(png, "image/png");
            }
            return Results.Bytes(result.ToJson(), "application/json");
        }
        catch (InvalidDataException e)
        {
            return Results.Text(e.Message + "\n", statusCode: 400);
        }
        catch (FormatException e)
        {
            return Results.Text(e.Message + "\n", statusCode: 400);
        }
    }

    IResult TooLarge(long bytes) =>
        Results.Text($"The payload ({bytes} bytes or more) exceeds the {_options.MaxPayloadBytes}-byte limit of a real-time invocation.\n", statusCode: 413);

    static Dictionary<int, string> ClassNames(IInstanceSegmenter model) =>
        model.ClassNames.Select((name, label) => (name, label)).ToDictionary(p => p.label, p => p.name);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _predictions.Dispose();
        if (_model.IsCompletedSuccessfully)
            _model.Result.Dispose();
    }
}
