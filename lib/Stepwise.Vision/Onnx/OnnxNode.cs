namespace Stepwise.Vision.Onnx;

/// <summary>One ONNX <c>NodeProto</c>: operator, input and output value names, and its int, ints and float attributes.</summary>
public sealed record OnnxNode(
    string Name,
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> IntAttributes,
    IReadOnlyDictionary<string, float> FloatAttributes)
{
    /// <summary>An int or ints attribute, or <paramref name="fallback"/> when the node does not set it (ONNX's default).</summary>
    public long[] Ints(string name, params long[] fallback) => IntAttributes.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>A float attribute, or <paramref name="fallback"/> (ONNX's default).</summary>
    public float Float(string name, float fallback) => FloatAttributes.TryGetValue(name, out var v) ? v : fallback;
}
