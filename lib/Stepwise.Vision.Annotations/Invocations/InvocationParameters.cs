namespace Stepwise.Vision.Invocations;

/// <summary>The names <c>POST /invocations</c> reads and writes, in one place for the server, its clients and the docs.</summary>
public static class InvocationParameters
{
    /// <summary>Minimum score of a detection in the answer: query parameter, JSON request field, or custom attribute.</summary>
    public const string ScoreThreshold = "score_threshold";

    /// <summary>The score threshold as a request header (direct HTTP callers).</summary>
    public const string ScoreThresholdHeader = "X-Score-Threshold";

    /// <summary>What an <c>Accept: image/png</c> answer draws: <c>labels</c> (default) or <c>overlay</c> (see <see cref="PngRendering"/>).</summary>
    public const string Render = "render";

    /// <summary>SageMaker's pass-through header (InvokeEndpoint's <c>CustomAttributes</c>): <c>key=value</c> pairs separated by <c>;</c>.
    /// SageMaker forwards neither query strings nor other headers, so this is how an endpoint caller sets
    /// <see cref="ScoreThreshold"/> and <see cref="Render"/>.</summary>
    public const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";

    /// <summary>Response header of a PNG answer: the JSON answer without masks.</summary>
    public const string DetectionsHeader = "X-Detections";
}
