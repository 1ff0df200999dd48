using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local.StepFunctions.Store;

/// <summary>Encodes the events of one execution in one commit as one compact binary chunk (the <c>event_chunks</c>
/// row's body), into a buffer kept from one commit to the next. <see cref="EventChunkReader"/> reads it back.</summary>
/// <remarks>Why not JSON: a history repeats itself. Every event names its type, a state entered and exited names the
/// state twice, and a state's output is the next one's input; as JSON a 1,000-state Pass chain is ~260 KB written
/// with string escaping, here each distinct string is written once per chunk and referred to after, ids and times
/// are small deltas, and payloads are copied as UTF-8 without escaping.
/// <para>Layout: <see cref="EventChunkFormat.Version"/>, the event count, then per event the id (delta from the
/// previous event's, zigzag), id − previousEventId, the timestamp in ms (delta, zigzag), the type, the details key
/// and the details: a value, or a state entered or exited as <see cref="EventChunkFormat.StateDetails"/> and its
/// payload key, name and payload. A string is a reference: 0 null, 1 a new string (byte length, UTF-8) added to the
/// chunk's table, n ≥ 2 the table's entry n − 2. A value is a tag (<see cref="EventChunkFormat"/>) and its
/// content.</para></remarks>
internal sealed class EventChunkWriter
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

    /// <summary>The first and last ids and the encoded chunk, valid until the next call.</summary>
    public (long First, long Last, ArraySegment<byte> Body) Write(List<List<ExecutionEvent>> pieces)
    {
        _length = 0;
        _strings.Clear();
        // One huge history does not keep a huge buffer alive.
        if (_buffer.Length > 4 * 1024 * 1024) _buffer = new byte[64 * 1024];
        var count = 0;
        foreach (var piece in pieces) count += piece.Count;
        Byte(EventChunkFormat.Version);
        Unsigned((ulong)count);
        long first = long.MaxValue, last = 0, previousId = 0, previousTime = 0;
        foreach (var piece in pieces)
            foreach (var historyEvent in piece)
            {
                first = Math.Min(first, historyEvent.Id);
                last = Math.Max(last, historyEvent.Id);
                Signed(historyEvent.Id - previousId);
                Signed(historyEvent.Id - historyEvent.PreviousEventId);
                var time = historyEvent.Timestamp.ToUnixTimeMilliseconds();
                Signed(time - previousTime);
                (previousId, previousTime) = (historyEvent.Id, time);
                String(historyEvent.Type);
                String(historyEvent.DetailsKey);
                if (historyEvent.State is { } state)
                {
                    // Most events: written from their compact form, never built as JSON.
                    Byte(EventChunkFormat.StateDetails);
                    String(state.PayloadKey);
                    String(state.Name);
                    String(state.Payload);
                }
                else Value(historyEvent.Details);
            }
        return (first, last, new ArraySegment<byte>(_buffer, 0, _length));
    }

    private void Value(JsonNode? node)
    {
        switch (node)
        {
            case null:
                Byte(EventChunkFormat.Null);
                break;
            case JsonObject obj:
                Byte(EventChunkFormat.Object);
                Unsigned((ulong)obj.Count);
                foreach (var (key, value) in obj)
                {
                    String(key);
                    Value(value);
                }
                break;
            case JsonArray array:
                Byte(EventChunkFormat.Array);
                Unsigned((ulong)array.Count);
                foreach (var item in array) Value(item);
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        Byte(EventChunkFormat.String);
                        String(value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        Byte(EventChunkFormat.True);
                        break;
                    case JsonValueKind.False:
                        Byte(EventChunkFormat.False);
                        break;
                    case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                        Byte(EventChunkFormat.Integer);
                        Signed(integer);
                        break;
                    case JsonValueKind.Number when value.TryGetValue<int>(out var small):
                        Byte(EventChunkFormat.Integer);
                        Signed(small);
                        break;
                    default:
                        // Other numbers (and anything else a JsonValue may hold) as their JSON text: exact, and rare in events.
                        Byte(EventChunkFormat.Json);
                        String(value.ToJsonString());
                        break;
                }
                break;
        }
    }

    private void String(string? text)
    {
        if (text is null)
        {
            Byte(0);
            return;
        }
        if (_strings.TryGetValue(text, out var index))
        {
            Unsigned((ulong)index + 2);
            return;
        }
        _strings[text] = _strings.Count;
        Byte(1);
        var bytes = Encoding.UTF8.GetByteCount(text);
        Unsigned((ulong)bytes);
        Ensure(bytes);
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

    private void Unsigned(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    private void Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
