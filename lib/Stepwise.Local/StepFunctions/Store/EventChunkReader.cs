using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local.StepFunctions.Store;

/// <summary>Reads an <c>event_chunks</c> body back into events: the binary chunk <see cref="EventChunkWriter"/>
/// writes, or the JSON array of earlier versions.</summary>
internal static class EventChunkReader
{
    /// <summary>The chunk's events in id order.</summary>
    public static List<ExecutionEvent> Read(byte[] body)
    {
        if (EventChunkFormat.IsJson(body))
            return [.. JsonNode.Parse(body)!.AsArray().Select(item => ExecutionEvent.FromWireJson(item!.AsObject()))];
        var cursor = new Cursor(body);
        var version = cursor.Byte();
        if (version != EventChunkFormat.Version)
            throw new InvalidDataException($"A history chunk has format version {version}; this version of Stepwise reads {EventChunkFormat.Version}.");
        var count = (int)cursor.Unsigned();
        var events = new List<ExecutionEvent>(count);
        long id = 0, time = 0;
        for (var i = 0; i < count; i++)
        {
            id += cursor.Signed();
            var previous = id - cursor.Signed();
            time += cursor.Signed();
            var type = cursor.String()!;
            var detailsKey = cursor.String();
            var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(time);
            if (cursor.TryStateDetails() is { } state) events.Add(ExecutionEvent.OfState(id, previous, timestamp, type, detailsKey!, state));
            else events.Add(new ExecutionEvent(id, previous, timestamp, type, detailsKey, cursor.Value() as JsonObject));
        }
        return events;
    }

    private sealed class Cursor(byte[] body)
    {
        private readonly List<string> _strings = [];
        private int _position;

        public byte Byte() => body[_position++];

        /// <summary>Reads a <see cref="EventChunkFormat.StateDetails"/> if one comes next.</summary>
        public StateEventDetails? TryStateDetails()
        {
            if (body[_position] != EventChunkFormat.StateDetails) return null;
            _position++;
            return new StateEventDetails(String()!, String()!, String());
        }

        public ulong Unsigned()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var next = body[_position++];
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80) return value;
            }
        }

        public long Signed()
        {
            var value = Unsigned();
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        public string? String()
        {
            var reference = Unsigned();
            if (reference == 0) return null;
            if (reference >= 2) return _strings[(int)(reference - 2)];
            var length = (int)Unsigned();
            var text = Encoding.UTF8.GetString(body, _position, length);
            _position += length;
            _strings.Add(text);
            return text;
        }

        public JsonNode? Value()
        {
            switch (Byte())
            {
                case EventChunkFormat.Null:
                    return null;
                case EventChunkFormat.False:
                    return JsonValue.Create(false);
                case EventChunkFormat.True:
                    return JsonValue.Create(true);
                case EventChunkFormat.String:
                    return JsonValue.Create(String());
                case EventChunkFormat.Integer:
                    return JsonValue.Create(Signed());
                case EventChunkFormat.Json:
                    return JsonNode.Parse(String()!);
                case EventChunkFormat.Object:
                {
                    var count = (int)Unsigned();
                    var obj = new JsonObject();
                    for (var i = 0; i < count; i++)
                    {
                        var key = String()!;
                        obj[key] = Value();
                    }
                    return obj;
                }
                case EventChunkFormat.Array:
                {
                    var count = (int)Unsigned();
                    var array = new JsonArray();
                    for (var i = 0; i < count; i++) array.Add(Value());
                    return array;
                }
                case var tag:
                    throw new InvalidDataException($"A history chunk holds an unknown value tag {tag} at byte {_position - 1}.");
            }
        }
    }
}
