using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Amazon.Util;
using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Protocols;

/// <summary>
/// The query protocol (IAM, STS): a form-encoded <c>Action=Op&amp;Version=…</c> body flattened from the input's JSON
/// by <see cref="QueryForm"/> (lists <c>Name.member.N</c>, maps <c>Name.entry.N.key/value</c>, structures <c>A.B</c>);
/// the XML response's <c>&lt;OpResult&gt;</c> becomes JSON by <see cref="QueryXml"/>, guided by the output type's
/// metadata, and deserializes from there (the local host uses the same two helpers the other way round); errors are
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>.
/// </summary>
public sealed class QueryCodec : IProtocolCodec
{
    /// <summary>The codec (stateless).</summary>
    public static QueryCodec Instance { get; } = new();

    /// <inheritdoc/>
    public HttpRequestMessage CreateRequest<TInput>(OperationDescriptor operation, TInput input, Uri endpoint) where TInput : class
    {
        var json = operation.Service.Json;
        var parameters = new List<KeyValuePair<string, string>> { new("Action", operation.Name), new("Version", operation.Service.ApiVersion) };
        QueryForm.Flatten(JsonSerializer.SerializeToNode(input, json.GetTypeInfo(typeof(TInput))), typeof(TInput), "", json, parameters);
        var body = string.Join('&', parameters.Select(p => $"{AWSSDKUtils.UrlEncode(p.Key, false)}={AWSSDKUtils.UrlEncode(p.Value, false)}"));
        return new HttpRequestMessage(HttpMethod.Post, ProtocolCodecs.Combine(endpoint, "/"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
    }

    /// <inheritdoc/>
    public async Task<TOutput> ReadOutputAsync<TOutput>(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken)
        where TOutput : class
    {
        var json = operation.Service.Json;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? output = null;
        if (text.Length > 0)
        {
            var root = XDocument.Parse(text).Root;
            var result = root?.Elements().FirstOrDefault(e => e.Name.LocalName == operation.Name + "Result");
            if (result is not null)
                output = QueryXml.ToJson(result, typeof(TOutput), json);
        }
        return (TOutput)(output ?? new JsonObject()).Deserialize(json.GetTypeInfo(typeof(TOutput)))!;
    }

    /// <inheritdoc/>
    public async Task<AwsServiceException> ReadErrorAsync(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? code = null, message = null;
        try
        {
            var error = text.Length == 0 ? null : XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
        }
        catch (XmlException)
        {
            message = ErrorCodes.Excerpt(text);
        }
        return operation.Service.CreateException(
            string.IsNullOrWhiteSpace(code) ? ErrorCodes.FromStatus(status) : ErrorCodes.Sanitize(code),
            message ?? response.ReasonPhrase ?? "", status);
    }
}
