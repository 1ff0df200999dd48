namespace Stepwise.Local.StepFunctions.Store;

/// <summary>The bytes of the binary history chunk (<see cref="EventChunkWriter"/>): its version byte, and the tags
/// of its values. A chunk that starts with <c>[</c> is the JSON array earlier versions wrote.</summary>
internal static class EventChunkFormat
{
    public const byte Version = 1;

    public const byte Null = 0;
    public const byte False = 1;
    public const byte True = 2;
    public const byte String = 3;
    public const byte Integer = 4;
    public const byte Json = 5;
    public const byte Object = 6;
    public const byte Array = 7;

    /// <summary>Not a value: an event's details as a <see cref="Runtime.StateEventDetails"/> (payload key, name, payload).</summary>
    public const byte StateDetails = 8;

    /// <summary>True for a chunk written as a JSON array (schema 2 before the binary format).</summary>
    public static bool IsJson(ReadOnlySpan<byte> body) => body.Length > 0 && body[0] == (byte)'[';
}
