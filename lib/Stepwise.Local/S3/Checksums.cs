using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Stepwise.Local.S3;

/// <summary>The flexible checksums S3 accepts (<c>x-amz-checksum-crc32</c>, <c>-crc32c</c>, <c>-crc64nvme</c>, <c>-sha1</c>,
/// <c>-sha256</c>): incremental, with the value as S3 writes it (base64 of the big-endian digest).</summary>
internal abstract class Checksum
{
    /// <summary>The algorithms by their header suffix.</summary>
    public static readonly string[] Names = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

    public abstract string Name { get; }

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>Base64 of the digest.</summary>
    public abstract string Finish();

    /// <summary>The checksum for a header suffix (<c>crc32</c>…), or null for one S3 does not know.</summary>
    public static Checksum? Create(string name) => name.ToLowerInvariant() switch
    {
        "crc32" => new Crc32(0xEDB88320u, "crc32"),
        "crc32c" => new Crc32(0x82F63B78u, "crc32c"),
        "crc64nvme" => new Crc64(0x9A6C9329AC4BC9B5ul),
        "sha1" => new Hash(HashAlgorithmName.SHA1, "sha1"),
        "sha256" => new Hash(HashAlgorithmName.SHA256, "sha256"),
        _ => null,
    };

    private sealed class Crc32 : Checksum
    {
        private static readonly Dictionary<uint, uint[]> Tables = [];
        private readonly uint[] _table;
        private uint _crc = 0xFFFFFFFFu;

        public Crc32(uint polynomial, string name)
        {
            Name = name;
            lock (Tables)
            {
                if (!Tables.TryGetValue(polynomial, out var table))
                {
                    table = new uint[256];
                    for (uint i = 0; i < 256; i++)
                    {
                        var c = i;
                        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
                        table[i] = c;
                    }
                    Tables[polynomial] = table;
                }
                _table = table;
            }
        }

        public override string Name { get; }

        public override void Append(ReadOnlySpan<byte> data)
        {
            var crc = _crc;
            foreach (var b in data) crc = _table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            _crc = crc;
        }

        public override string Finish()
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, ~_crc);
            return Convert.ToBase64String(bytes);
        }
    }

    private sealed class Crc64 : Checksum
    {
        private static ulong[]? _sharedTable;
        private readonly ulong[] _table;
        private ulong _crc = ulong.MaxValue;

        public Crc64(ulong polynomial)
        {
            _table = _sharedTable ??= Build(polynomial);
        }

        public override string Name => "crc64nvme";

        private static ulong[] Build(ulong polynomial)
        {
            var table = new ulong[256];
            for (ulong i = 0; i < 256; i++)
            {
                var c = i;
                for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
                table[i] = c;
            }
            return table;
        }

        public override void Append(ReadOnlySpan<byte> data)
        {
            var crc = _crc;
            foreach (var b in data) crc = _table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            _crc = crc;
        }

        public override string Finish()
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, ~_crc);
            return Convert.ToBase64String(bytes);
        }
    }

    private sealed class Hash(HashAlgorithmName algorithm, string name) : Checksum
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

        public override string Name => name;

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override string Finish() => Convert.ToBase64String(_hash.GetHashAndReset());
    }
}
