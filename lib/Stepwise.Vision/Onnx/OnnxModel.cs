using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Stepwise.Vision.Onnx;

/// <summary>
/// The parts of an ONNX model (<c>ModelProto</c>) a weight import needs: producer, opset, the graph's nodes in order,
/// its float initializers, and its input and output names. Read with Google.Protobuf's <see cref="CodedInputStream"/>
/// against the field numbers of onnx.proto (fields not listed here are skipped), so no generated schema is needed.
/// </summary>
public sealed record OnnxModel(
    string ProducerName,
    string ProducerVersion,
    long OpsetVersion,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyDictionary<string, OnnxTensor> Initializers,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs)
{
    /// <summary>Reads an .onnx file; a file that is not an ONNX model fails with <see cref="InvalidDataException"/> naming it.</summary>
    public static OnnxModel Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"ONNX model '{path}' does not exist.", path);
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model: {e.Message}", e);
        }
    }

    /// <summary>Parses the bytes of a <c>ModelProto</c>.</summary>
    public static OnnxModel Parse(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        string producer = "", version = "";
        long opset = 0;
        Graph? graph = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2: producer = input.ReadString(); break;
                case 3: version = input.ReadString(); break;
                case 7: graph = ReadGraph(input.ReadBytes()); break;
                case 8:
                    var (domain, v) = ReadOpset(input.ReadBytes());
                    if (domain is "" or "ai.onnx") opset = v;
                    break;
                default: input.SkipLastField(); break;
            }
        }
        if (graph is null)
            throw new InvalidDataException("the model has no graph.");
        return new OnnxModel(producer, version, opset, graph.Nodes, graph.Initializers, graph.Inputs, graph.Outputs);
    }

    sealed record Graph(List<OnnxNode> Nodes, Dictionary<string, OnnxTensor> Initializers, List<string> Inputs, List<string> Outputs);

    static Graph ReadGraph(ByteString bytes)
    {
        var g = new Graph([], [], [], []);
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: g.Nodes.Add(ReadNode(input.ReadBytes())); break;
                case 5:
                    var t = ReadTensor(input.ReadBytes());
                    g.Initializers[t.Name] = t;
                    break;
                case 11: g.Inputs.Add(ReadValueInfoName(input.ReadBytes())); break;
                case 12: g.Outputs.Add(ReadValueInfoName(input.ReadBytes())); break;
                default: input.SkipLastField(); break;
            }
        }
        return g;
    }

    static (string Domain, long Version) ReadOpset(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string domain = "";
        long version = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: domain = input.ReadString(); break;
                case 2: version = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (domain, version);
    }

    static string ReadValueInfoName(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
                return input.ReadString();
            input.SkipLastField();
        }
        return "";
    }

    static OnnxNode ReadNode(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string name = "", op = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var ints = new Dictionary<string, long[]>();
        var floats = new Dictionary<string, float>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: inputs.Add(input.ReadString()); break;
                case 2: outputs.Add(input.ReadString()); break;
                case 3: name = input.ReadString(); break;
                case 4: op = input.ReadString(); break;
                case 5: ReadAttribute(input.ReadBytes(), ints, floats); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxNode(name, op, inputs, outputs, ints, floats);
    }

    // AttributeProto: name = 1, f = 2, i = 3, ints = 8 (packed or not); other kinds (strings, tensors, graphs) are skipped.
    static void ReadAttribute(ByteString bytes, Dictionary<string, long[]> ints, Dictionary<string, float> floats)
    {
        var input = bytes.CreateCodedInput();
        string name = "";
        float? f = null;
        var values = new List<long>();
        bool hasInts = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 2: f = input.ReadFloat(); break;
                case 3: values.Add(input.ReadInt64()); hasInts = true; break;
                case 8: ReadInt64s(input, tag, values); hasInts = true; break;
                default: input.SkipLastField(); break;
            }
        }
        if (hasInts) ints[name] = [.. values];
        if (f is { } value) floats[name] = value;
    }

    static void ReadInt64s(CodedInputStream input, uint tag, List<long> into)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            into.Add(input.ReadInt64());
            return;
        }
        var packed = input.ReadBytes().CreateCodedInput();
        while (!packed.IsAtEnd)
            into.Add(packed.ReadInt64());
    }

    // TensorProto: dims = 1, data_type = 2 (1 = FLOAT), float_data = 4, name = 8, raw_data = 9 (little-endian).
    static OnnxTensor ReadTensor(ByteString bytes)
    {
        const int Float = 1;
        var input = bytes.CreateCodedInput();
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        var floats = new List<float>();
        ByteString? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ReadInt64s(input, tag, dims); break;
                case 2: dataType = input.ReadInt32(); break;
                case 4:
                    if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    {
                        var packed = input.ReadBytes().CreateCodedInput();
                        while (!packed.IsAtEnd) floats.Add(packed.ReadFloat());
                    }
                    else floats.Add(input.ReadFloat());
                    break;
                case 8: name = input.ReadString(); break;
                case 9: raw = input.ReadBytes(); break;
                default: input.SkipLastField(); break;
            }
        }
        if (dataType != Float)
            throw new InvalidDataException($"initializer '{name}' has ONNX data type {dataType}; only FLOAT (1) is read.");
        long count = dims.Aggregate(1L, (a, d) => a * d);
        // raw_data is little-endian, as is every platform libtorch runs on.
        float[] values = raw is null ? [.. floats] : MemoryMarshal.Cast<byte, float>(raw.Span).ToArray();
        if (values.Length != count)
            throw new InvalidDataException($"initializer '{name}' has {values.Length} values for dims [{string.Join(",", dims)}] ({count}).");
        return new OnnxTensor(name, dims, values);
    }
}
