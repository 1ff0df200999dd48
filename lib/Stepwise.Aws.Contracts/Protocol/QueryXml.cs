using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Xml;
using System.Xml.Linq;

namespace Stepwise.Aws.Protocol;

/// <summary>
/// The query protocol's XML responses both ways: <c>&lt;OpResponse xmlns=…&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;
/// &lt;ResponseMetadata&gt;&lt;RequestId/&gt;…</c>, a member as an element named after it, list items as
/// <c>&lt;member&gt;</c>, map entries as <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>, timestamps in
/// ISO 8601 and booleans in lower case. The local host writes with it; the AWS client reads with it.
/// </summary>
public static class QueryXml
{
    /// <summary>The response document of operation <paramref name="operation"/> for an output shape's JSON.
    /// An output without members (the model has none) has no <c>&lt;OpResult&gt;</c>, as on AWS.</summary>
    public static string WriteResponse(string operation, string xmlNamespace, JsonNode? output, Type outputType, JsonSerializerOptions json, string requestId)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, CheckCharacters = false }))
        {
            xml.WriteStartElement(operation + "Response", xmlNamespace);
            if (ShapeInfo.Members(json, outputType).Count > 0)
                Write(xml, operation + "Result", xmlNamespace, output ?? new JsonObject(), outputType, json);
            xml.WriteStartElement("ResponseMetadata", xmlNamespace);
            xml.WriteElementString("RequestId", xmlNamespace, requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return text.ToString();
    }

    /// <summary>Writes a value of <paramref name="type"/> as element <paramref name="name"/>.</summary>
    public static void Write(XmlWriter xml, string name, string xmlNamespace, JsonNode? node, Type type, JsonSerializerOptions json)
    {
        if (node is null)
            return;
        switch (ShapeInfo.Kind(json, type))
        {
            case JsonTypeInfoKind.Object when node is JsonObject structure:
                xml.WriteStartElement(name, xmlNamespace);
                foreach (var (member, child) in structure)
                    Write(xml, member, xmlNamespace, child, ShapeInfo.Member(json, type, member)?.PropertyType ?? typeof(string), json);
                xml.WriteEndElement();
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray list:
                var itemType = ShapeInfo.ElementType(json, type);
                xml.WriteStartElement(name, xmlNamespace);
                foreach (var item in list)
                    Write(xml, QueryForm.Member, xmlNamespace, item, itemType, json);
                xml.WriteEndElement();
                break;
            case JsonTypeInfoKind.Dictionary when node is JsonObject map:
                var valueType = ShapeInfo.ElementType(json, type);
                xml.WriteStartElement(name, xmlNamespace);
                foreach (var (key, value) in map)
                {
                    xml.WriteStartElement(QueryForm.Entry, xmlNamespace);
                    xml.WriteElementString(QueryForm.Key, xmlNamespace, SafeText(key));
                    Write(xml, QueryForm.Value, xmlNamespace, value, valueType, json);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                break;
            default:
                xml.WriteElementString(name, xmlNamespace, SafeText(WireValue.Format(node, type, WireValue.TimestampFormat.Iso8601)));
                break;
        }
    }

    /// <summary>An XML element as the JSON that a value of <paramref name="type"/> deserializes from.</summary>
    public static JsonNode? ToJson(XElement element, Type type, JsonSerializerOptions json)
    {
        switch (ShapeInfo.Kind(json, type))
        {
            case JsonTypeInfoKind.Object:
                var structure = new JsonObject();
                foreach (var child in element.Elements())
                {
                    if (ShapeInfo.Member(json, type, child.Name.LocalName) is not { } member)
                        continue; // a member newer than our model
                    structure[member.Name] = ToJson(child, member.PropertyType, json);
                }
                return structure;
            case JsonTypeInfoKind.Enumerable:
                var itemType = ShapeInfo.ElementType(json, type);
                return new JsonArray([.. element.Elements().Select(item => ToJson(item, itemType, json))]);
            case JsonTypeInfoKind.Dictionary:
                var valueType = ShapeInfo.ElementType(json, type);
                var map = new JsonObject();
                foreach (var entry in element.Elements())
                {
                    var key = entry.Elements().FirstOrDefault(e => e.Name.LocalName == QueryForm.Key)?.Value;
                    var value = entry.Elements().FirstOrDefault(e => e.Name.LocalName == QueryForm.Value);
                    if (key is not null)
                        map[key] = value is null ? null : ToJson(value, valueType, json);
                }
                return map;
            default:
                return WireValue.Parse(element.Value, type);
        }
    }

    /// <summary>Text without the characters XML 1.0 cannot carry (control characters, lone surrogates: they become
    /// U+FFFD), so that a client can always parse an answer that echoes what it sent.</summary>
    public static string SafeText(string text)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var ok = pair || XmlConvert.IsXmlChar(c);
            if (!ok && safe is null)
                safe = new StringBuilder(text.Length).Append(text, 0, i);
            if (safe is not null)
            {
                safe.Append(ok ? c : '\uFFFD');
                if (pair)
                    safe.Append(text[i + 1]);
            }
            if (pair)
                i++;
        }
        return safe?.ToString() ?? text;
    }
}
