using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Stepwise.Local.S3;

/// <summary>S3's XML: documents written in S3's namespace, request bodies read without DTDs or external entities.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        // Control characters in keys become character references, as S3 writes them, instead of failing the response.
        CheckCharacters = false,
        Async = true,
    };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 16 * 1024 * 1024,
    };

    /// <summary>Writes a document whose root is <paramref name="root"/> (in S3's namespace unless <paramref name="ns"/> is null).</summary>
    public static byte[] Document(string root, Action<XmlWriter> body, string? ns = Namespace)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root, ns ?? "");
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return stream.ToArray();
    }

    /// <summary>S3's timestamp in XML: ISO 8601 with milliseconds, UTC.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>S3's timestamp in headers (Last-Modified): RFC 1123.</summary>
    public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses a request body; MalformedXML for anything that is not a well-formed document with the expected root.</summary>
    public static XElement Parse(byte[] body, string root)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), ReaderSettings);
            var document = XDocument.Load(reader);
            if (document.Root is not { } element || element.Name.LocalName != root) throw S3Errors.MalformedXml();
            return element;
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
    }

    /// <summary>The children named <paramref name="name"/>, in any namespace (clients send S3's or none).</summary>
    public static IEnumerable<XElement> Children(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? ChildValue(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;

    /// <summary>URL-encodes a key for <c>encoding-type=url</c>: UTF-8 percent-encoding of all but unreserved characters and <c>/</c>.</summary>
    public static string UrlEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' or (byte)'/')
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Decodes a percent-encoded path segment to UTF-8 text; InvalidURI for a bad escape or bytes that are not UTF-8.</summary>
    public static string PercentDecode(string text)
    {
        if (!text.Contains('%')) return text;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                    throw S3Errors.InvalidUri(text);
                bytes.Add(b);
                i += 2;
            }
            else if (c < 0x80)
                bytes.Add((byte)c);
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, length)));
                i += length - 1;
            }
        }
        try
        {
            return S3Names.StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            throw S3Errors.InvalidUri(text);
        }
    }
}
