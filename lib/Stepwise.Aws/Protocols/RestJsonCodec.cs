using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Amazon.Util;
using Stepwise.Aws.Protocol;

namespace Stepwise.Aws.Protocols;

/// <summary>
/// restJson1: the operation's method and URI template; members bound to URI labels (<c>{Name}</c> percent-encoded,
/// <c>{Key+}</c> keeping slashes), the query string and headers travel there; a payload member is the whole body (blob,
/// string or structure); the rest is the JSON body. Responses fill header, status-code and payload members likewise.
/// </summary>
public sealed partial class RestJsonCodec : IProtocolCodec
{
    /// <summary>The codec (stateless).</summary>
    public static RestJsonCodec Instance { get; } = new();

    /// <inheritdoc/>
    public HttpRequestMessage CreateRequest<TInput>(OperationDescriptor operation, TInput input, Uri endpoint) where TInput : class
    {
        var json = operation.Service.Json;
        var inputType = typeof(TInput);
        var body = JsonSerializer.SerializeToNode(input, json.GetTypeInfo(inputType)) as JsonObject ?? [];
        var template = operation.RequestUri;
        var questionMark = template.IndexOf('?');
        var pathTemplate = questionMark < 0 ? template : template[..questionMark];
        // A null value is a bare key from the template (<c>?uploads</c>), sent without '='.
        var query = new List<KeyValuePair<string, string?>>();
        if (questionMark >= 0)
            foreach (var part in template[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
                query.Add(Pair(part));
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        MemberBinding? payloadBinding = null;
        JsonNode? payload = null;

        foreach (var binding in operation.Input)
        {
            var value = body[binding.Name];
            body.Remove(binding.Name);
            var type = ShapeInfo.Member(json, inputType, binding.Name)?.PropertyType ?? typeof(string);
            var name = binding.LocationName ?? binding.Name;
            switch (binding.Location)
            {
                case MemberLocation.Uri:
                    labels[name] = value is null
                        ? throw new ArgumentException($"{operation}: {binding.Name} is required (it is part of the request URI).", nameof(input))
                        : WireValue.Format(value, type, WireValue.TimestampFormat.Iso8601);
                    break;
                case MemberLocation.QueryString when value is JsonArray items:
                    var itemType = ShapeInfo.ElementType(json, type);
                    query.AddRange(items.OfType<JsonNode>().Select(i => new KeyValuePair<string, string?>(name, WireValue.Format(i, itemType, WireValue.TimestampFormat.Iso8601))));
                    break;
                case MemberLocation.QueryString when value is JsonObject map:
                    // A map bound to the query string: each entry is a parameter of its own.
                    foreach (var (key, entry) in map)
                        if (entry is JsonArray list)
                            query.AddRange(list.OfType<JsonNode>().Select(i => new KeyValuePair<string, string?>(key, WireValue.Format(i, typeof(string), WireValue.TimestampFormat.Iso8601))));
                        else if (entry is not null)
                            query.Add(new(key, WireValue.Format(entry, typeof(string), WireValue.TimestampFormat.Iso8601)));
                    break;
                case MemberLocation.QueryString when value is not null:
                    query.Add(new(name, WireValue.Format(value, type, WireValue.TimestampFormat.Iso8601)));
                    break;
                case MemberLocation.Header when value is JsonArray items:
                    var headerItemType = ShapeInfo.ElementType(json, type);
                    headers.Add(new(name, string.Join(",", items.OfType<JsonNode>().Select(i => WireValue.Format(i, headerItemType, WireValue.TimestampFormat.HttpDate)))));
                    break;
                case MemberLocation.Header when value is not null:
                    headers.Add(new(name, WireValue.Format(value, type, WireValue.TimestampFormat.HttpDate)));
                    break;
                case MemberLocation.Headers when value is JsonObject map:
                    foreach (var (key, entry) in map)
                        if (entry is not null)
                            headers.Add(new(name + key, WireValue.Format(entry, typeof(string), WireValue.TimestampFormat.HttpDate)));
                    break;
                case MemberLocation.Payload:
                    payloadBinding = binding;
                    payload = value;
                    break;
            }
        }

        var path = LabelPattern().Replace(pathTemplate, match =>
        {
            var label = match.Groups["name"].Value;
            if (!labels.TryGetValue(label, out var value))
                throw new ArgumentException($"{operation}: nothing binds the URI label {{{label}}}.", nameof(input));
            return match.Groups["greedy"].Success
                ? string.Join('/', value.Split('/').Select(s => AWSSDKUtils.UrlEncode(s, false)))
                : AWSSDKUtils.UrlEncode(value, false);
        });
        var queryString = query.Count == 0
            ? ""
            : "?" + string.Join('&', query.Select(p => p.Value is null
                ? AWSSDKUtils.UrlEncode(p.Key, false)
                : $"{AWSSDKUtils.UrlEncode(p.Key, false)}={AWSSDKUtils.UrlEncode(p.Value, false)}"));

        var request = new HttpRequestMessage(new HttpMethod(operation.HttpMethod), ProtocolCodecs.Combine(endpoint, path + queryString));
        if (payloadBinding is not null)
        {
            if (payload is not null)
                request.Content = PayloadContent(payload, ShapeInfo.Member(json, inputType, payloadBinding.Name)?.PropertyType ?? typeof(string), json);
        }
        else if (body.Count > 0 || operation.HttpMethod is "POST" or "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString(json)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        foreach (var (name, value) in headers)
        {
            if (request.Headers.TryAddWithoutValidation(name, value))
                continue;
            // Content-Type and the other content headers belong to the body (an empty one if there is none).
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.Remove(name);
            request.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <inheritdoc/>
    public async Task<TOutput> ReadOutputAsync<TOutput>(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken)
        where TOutput : class
    {
        var json = operation.Service.Json;
        var outputType = typeof(TOutput);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var payloadBinding = operation.Output.FirstOrDefault(b => b.Location == MemberLocation.Payload);
        JsonObject output;
        if (payloadBinding is null)
            output = bytes.Length == 0 ? [] : JsonNode.Parse(bytes) as JsonObject ?? [];
        else
        {
            output = [];
            var type = ShapeInfo.Member(json, outputType, payloadBinding.Name)?.PropertyType ?? typeof(byte[]);
            output[payloadBinding.Name] = ShapeInfo.IsBlob(type) ? JsonValue.Create(Convert.ToBase64String(bytes))
                : type == typeof(string) ? JsonValue.Create(Encoding.UTF8.GetString(bytes))
                : bytes.Length == 0 ? null : JsonNode.Parse(bytes);
        }
        foreach (var binding in operation.Output)
        {
            var type = ShapeInfo.Member(json, outputType, binding.Name)?.PropertyType ?? typeof(string);
            switch (binding.Location)
            {
                case MemberLocation.StatusCode:
                    output[binding.Name] = (int)response.StatusCode;
                    break;
                case MemberLocation.Header when HeaderValues(response, binding.LocationName ?? binding.Name) is { } values:
                    output[binding.Name] = ShapeInfo.Kind(json, type) == JsonTypeInfoKind.Enumerable
                        ? new JsonArray([.. values.SelectMany(v => v.Split(',')).Select(v => WireValue.Parse(v.Trim(), ShapeInfo.ElementType(json, type)))])
                        : WireValue.Parse(string.Join(",", values), type);
                    break;
                case MemberLocation.Headers:
                    var prefix = binding.LocationName ?? "";
                    var map = new JsonObject();
                    foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                        if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                            map[name[prefix.Length..]] = string.Join(",", values);
                    if (map.Count > 0)
                        output[binding.Name] = map;
                    break;
            }
        }
        return (TOutput)output.Deserialize(json.GetTypeInfo(outputType))!;
    }

    /// <inheritdoc/>
    public Task<AwsServiceException> ReadErrorAsync(OperationDescriptor operation, HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonErrors.ReadAsync(operation, response, cancellationToken);

    private static ByteArrayContent PayloadContent(JsonNode payload, Type type, JsonSerializerOptions json)
    {
        if (ShapeInfo.IsBlob(type))
            return new ByteArrayContent(Convert.FromBase64String(payload.GetValue<string>()));
        if (type == typeof(string))
            return new ByteArrayContent(Encoding.UTF8.GetBytes(payload.GetValue<string>()));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload.ToJsonString(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static IEnumerable<string>? HeaderValues(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? values : null;

    private static KeyValuePair<string, string?> Pair(string part)
    {
        var equals = part.IndexOf('=');
        return equals < 0 ? new(Uri.UnescapeDataString(part), null) : new(Uri.UnescapeDataString(part[..equals]), Uri.UnescapeDataString(part[(equals + 1)..]));
    }

    [GeneratedRegex(@"\{(?<name>[^}+]+)(?<greedy>\+)?\}")]
    private static partial Regex LabelPattern();
}
