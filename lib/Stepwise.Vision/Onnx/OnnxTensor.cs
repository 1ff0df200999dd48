namespace Stepwise.Vision.Onnx;

/// <summary>An ONNX initializer (<c>TensorProto</c>) read as float32: its name, dimensions and row-major values.</summary>
public sealed record OnnxTensor(string Name, IReadOnlyList<long> Dims, float[] Values)
{
    /// <summary>The dimensions as <c>[a,b,…]</c>, for messages.</summary>
    public string Shape => $"[{string.Join(",", Dims)}]";
}
