using System.Buffers;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Hosting;

/// <summary>Errors as each AWS protocol writes them: JSON <c>__type</c> (awsJson, restJson1), XML <c>&lt;ErrorResponse&gt;</c>
/// (query) and S3's <c>&lt;Error&gt;</c> (restXml).</summary>
public static class ProtocolErrors
{
    /// <summary>Writes <paramref name="error"/> in the protocol of <paramref name="service"/>.</summary>
    public static Task WriteAsync(HttpResponse response, ServiceDescriptor service, AwsServiceException error) => service.Protocol switch
    {
        AwsProtocol.Query => WriteQueryAsync(response, service, error),
        AwsProtocol.RestXml => WriteS3Async(response, error),
        _ => WriteJsonAsync(response, service, error),
    };

    /// <summary><c>{"__type": code, "message": …}</c> with <c>x-amzn-ErrorType</c> (awsJson; restJson1 adds Lambda's
    /// <c>"Type": "User"|"Service"</c> and spells it <c>Message</c>).</summary>
    public static async Task WriteJsonAsync(HttpResponse response, ServiceDescriptor service, AwsServiceException error)
    {
        if (response.HasStarted)
            return;
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("__type"u8, error.ErrorCode);
            if (service.Protocol == AwsProtocol.RestJson1)
                json.WriteString("Type"u8, error.IsSenderFault ? "User" : "Service"); // as Lambda writes it
            json.WriteString(service.Protocol == AwsProtocol.RestJson1 ? "Message"u8 : "message"u8, error.Message);
            foreach (var (name, value) in error.Details)
                json.WriteString(name, value);
            foreach (var (name, value) in error.NumberDetails)
                json.WriteNumber(name, value);
            json.WriteEndObject();
        }
        response.StatusCode = error.StatusCode;
        response.ContentType = service.JsonContentType ?? "application/json";
        response.Headers["x-amzn-ErrorType"] = error.ErrorCode;
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory).ConfigureAwait(false);
    }

    /// <summary>The query protocol's <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type&gt;Sender…</c> (IAM, STS).</summary>
    public static Task WriteQueryAsync(HttpResponse response, ServiceDescriptor service, AwsServiceException error)
    {
        var requestId = response.Headers["x-amzn-RequestId"].ToString();
        var xml = new StringBuilder()
            .Append("<ErrorResponse xmlns=\"").Append(Escape(service.XmlNamespace ?? "")).Append("\">")
            .Append("<Error><Type>").Append(error.IsSenderFault ? "Sender" : "Receiver").Append("</Type>")
            .Append("<Code>").Append(Escape(error.ErrorCode)).Append("</Code>")
            .Append("<Message>").Append(Escape(error.Message)).Append("</Message></Error>")
            .Append("<RequestId>").Append(Escape(requestId)).Append("</RequestId></ErrorResponse>");
        return WriteXmlAsync(response, error.StatusCode, xml.ToString());
    }

    /// <summary>S3's <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;RequestId/&gt;&lt;/Error&gt;</c>.</summary>
    public static Task WriteS3Async(HttpResponse response, AwsServiceException error)
    {
        var requestId = response.Headers["x-amzn-RequestId"].ToString();
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .Append("<Error><Code>").Append(Escape(error.ErrorCode)).Append("</Code>")
            .Append("<Message>").Append(Escape(error.Message)).Append("</Message>");
        foreach (var (name, value) in error.Details)
            xml.Append('<').Append(name).Append('>').Append(Escape(value)).Append("</").Append(name).Append('>');
        xml.Append("<RequestId>").Append(Escape(requestId)).Append("</RequestId></Error>");
        return WriteXmlAsync(response, error.StatusCode, xml.ToString());
    }

    private static async Task WriteXmlAsync(HttpResponse response, int status, string xml)
    {
        if (response.HasStarted)
            return;
        var bytes = Encoding.UTF8.GetBytes(xml);
        response.StatusCode = status;
        response.ContentType = "text/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>Escaped for XML, and without the characters XML cannot carry: messages echo what the caller sent.</summary>
    private static string Escape(string text) => SecurityElement.Escape(QueryXml.SafeText(text)) ?? "";
}
