using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Stepwise.Container.Model;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Serving;

/// <summary>
/// <c>serve</c>: Kestrel with SageMaker's two routes. <c>GET /ping</c> is 200 once the model is loaded (503 while
/// loading, 500 with the reason if loading failed). <c>POST /invocations</c> takes image/png, image/jpeg,
/// application/x-image (raw bytes) or application/json (<c>{"image": base64, "score_threshold": 0.5}</c>); the threshold
/// may also come as the query parameter or the <c>X-Score-Threshold</c> header. Bad input is a 400 with a reason,
/// a body over 6 MB a 413; neither affects later requests. Predictions run one at a time (each in its own dispose scope),
/// since one forward pass already uses every core.
/// </summary>
public sealed class InferenceServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly Task<IInstanceSegmenter> _model;
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly ServeOptions _options;

    InferenceServer(WebApplication app, Task<IInstanceSegmenter> model, ServeOptions options)
    {
        _app = app;
        _model = model;
        _options = options;
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
        try
        {
            if (request.Query.TryGetValue("score_threshold", out var q))
                threshold = ParseThreshold(q.ToString(), "query parameter score_threshold");
            else if (request.Headers.TryGetValue("X-Score-Threshold", out var h))
                threshold = ParseThreshold(h.ToString(), "header X-Score-Threshold");

            var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            switch (mediaType)
            {
                case "application/json":
                    (bytes, threshold) = ReadJsonRequest(bytes, threshold);
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
            IReadOnlyList<Prediction> predictions;
            await _gate.WaitAsync(context.RequestAborted);
            try
            {
                predictions = model.Predict(image, threshold);
            }
            finally
            {
                _gate.Release();
            }

            var accept = request.Headers.Accept.ToString();
            if (accept.Contains("image/png", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers["X-Detections"] = Encoding.UTF8.GetString(InvocationResponse.Json(predictions, image.Width, image.Height, includeMasks: false));
                return Results.Bytes(InvocationResponse.Png(predictions, image.Width, image.Height), "image/png");
            }
            return Results.Bytes(InvocationResponse.Json(predictions, image.Width, image.Height), "application/json");
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

    static float ParseThreshold(string text, string where)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || t is < 0 or > 1 || float.IsNaN(t))
            throw new FormatException($"The {where} must be a number in [0, 1], got \"{text}\".");
        return t;
    }

    static (byte[] Image, float Threshold) ReadJsonRequest(byte[] body, float threshold)
    {
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(body) as JsonObject ?? throw new FormatException("The JSON body must be an object: {\"image\": \"<base64>\"}.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The JSON body cannot be parsed: {e.Message}");
        }
        if (obj["image"] is not JsonValue imageNode || !imageNode.TryGetValue<string>(out var b64))
            throw new FormatException("The JSON body needs \"image\": the image file's bytes in base64.");
        byte[] image;
        try
        {
            // Tolerate a data URL prefix.
            var comma = b64.StartsWith("data:", StringComparison.Ordinal) ? b64.IndexOf(',') : -1;
            image = Convert.FromBase64String(comma >= 0 ? b64[(comma + 1)..] : b64);
        }
        catch (FormatException)
        {
            throw new FormatException("\"image\" is not valid base64.");
        }
        if (obj["score_threshold"] is JsonNode t)
        {
            var text = t is JsonValue v && v.TryGetValue<string>(out var s) ? s : t.ToJsonString();
            threshold = ParseThreshold(text, "field score_threshold");
        }
        return (image, threshold);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_model.IsCompletedSuccessfully)
            _model.Result.Dispose();
        _gate.Dispose();
    }
}
