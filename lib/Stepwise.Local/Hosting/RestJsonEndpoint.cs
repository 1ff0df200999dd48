using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Hosting;

/// <summary>
/// A service on restJson1 (Lambda, SageMaker Runtime), served from its operation descriptors: each operation's method
/// and URI template (labels, greedy <c>{Key+}</c>, literal query keys such as <c>?tagging</c>) routes the request; URI
/// labels, query parameters and headers are read as the members they bind, typed by the shape; a payload member is the
/// raw body, the other members the JSON body. The output goes back likewise: status code (the model's, or the member
/// bound to it), header-bound members as headers, a payload member as the raw body, else the JSON body. Errors are
/// JSON with <c>x-amzn-ErrorType</c>.
/// </summary>
public sealed partial class RestJsonEndpoint : ServiceEndpoint
{
    private readonly object _port;
    private readonly Route[] _routes;
    private readonly Func<object, IReadOnlyList<string>> _missingRequired;
    private readonly long _maxBodyBytes;

    /// <summary>Serves <paramref name="port"/> (an <c>ILambda</c>, <c>ISageMakerRuntime</c>) through <paramref name="operations"/>;
    /// <paramref name="missingRequired"/> lists the required members an input lacks (the service's <c>…Json.MissingRequiredMembers</c>).
    /// Lambda takes request payloads up to 6 MB, hence the default limit.</summary>
    public RestJsonEndpoint(ServiceDescriptor service, IEnumerable<OperationDescriptor> operations, object port,
        Func<object, IReadOnlyList<string>> missingRequired, long maxBodyBytes = 6 * 1024 * 1024)
        : base(service)
    {
        if (service.Protocol != AwsProtocol.RestJson1)
            throw new ArgumentException($"{service.ServiceId} is not a restJson1 service.", nameof(service));
        _port = port;
        // The most specific template first: more literal text, then fewer greedy labels.
        _routes = [.. operations.Select(Route.Of).OrderByDescending(r => r.Specificity)];
        _missingRequired = missingRequired;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>The code of the service's validation error (a required member missing, a member of the wrong type).</summary>
    public string ValidationErrorCode { get; init; } = "ValidationException";

    /// <summary>The code for a body that is not the JSON the operation takes (Lambda: <c>InvalidRequestContentException</c>).</summary>
    public string MalformedBodyErrorCode { get; init; } = "SerializationException";

    /// <inheritdoc/>
    public override async Task<string?> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? name = null;
        try
        {
            var (operation, labels) = Match(request);
            name = operation.Name;
            using var body = await RequestBody.ReadAsync(request, _maxBodyBytes, TooLarge, context.RequestAborted).ConfigureAwait(false);
            var input = Read(operation, labels, request, body.Memory);
            var output = await operation.InvokeAsync(_port, input, context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(operation, output, context.Response, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            await ProtocolErrors.WriteJsonAsync(context.Response, Service, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await ProtocolErrors.WriteJsonAsync(context.Response, Service, Error(MalformedBodyErrorCode, e.Message)).ConfigureAwait(false);
        }
        return name;
    }

    private (OperationDescriptor Operation, Dictionary<string, string> Labels) Match(HttpRequest request)
    {
        // The raw path, still percent-encoded: an encoded '/' inside a label must not split it.
        var path = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { } target
            ? target.Split('?', 2)[0]
            : request.PathBase + request.Path.ToUriComponent();
        var query = QueryParameters(request);
        Route? pathOnly = null;
        foreach (var route in _routes)
        {
            var match = route.Pattern.Match(path);
            if (!match.Success || !route.QueryKeys.All(k => query.Any(p => p.Key == k)))
                continue;
            if (!string.Equals(route.Operation.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase))
            {
                pathOnly ??= route;
                continue;
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (label, group) in route.Labels)
            {
                try
                {
                    labels[label] = FormEncoding.Decode(match.Groups[group].Value, plusIsSpace: false);
                }
                catch (FormatException e)
                {
                    throw Error(ValidationErrorCode, $"URI label {{{label}}}: {e.Message}");
                }
            }
            return (route.Operation, labels);
        }
        // As AWS's REST services answer a request no operation matches (botocore reads the code from x-amzn-ErrorType).
        throw Service.CreateException("UnknownOperationException", pathOnly is null
            ? $"No {Service.ServiceId} operation matches {request.Method} {Excerpt(path)}."
            : $"No {Service.ServiceId} operation matches {request.Method} {Excerpt(path)}; {pathOnly.Operation.Name} takes {pathOnly.Operation.HttpMethod}.", 404);
    }

    private object Read(OperationDescriptor operation, Dictionary<string, string> labels, HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var json = Service.Json;
        var type = operation.InputType;
        var payload = operation.Input.FirstOrDefault(b => b.Location == MemberLocation.Payload);
        JsonObject members;
        if (payload is null)
            members = BodyObject(body.Span);
        else
        {
            members = [];
            if (!body.IsEmpty)
                members[payload.Name] = PayloadNode(body.Span, MemberType(type, payload.Name));
        }

        var query = QueryParameters(request);
        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in operation.Input)
        {
            var memberType = MemberType(type, binding.Name);
            var location = binding.LocationName ?? binding.Name;
            switch (binding.Location)
            {
                case MemberLocation.Uri when labels.TryGetValue(location, out var label):
                    members[binding.Name] = Typed(label, memberType, $"URI label {{{location}}}");
                    break;
                case MemberLocation.QueryString when ShapeInfo.Kind(json, memberType) == JsonTypeInfoKind.Dictionary:
                    break; // takes the parameters no other member binds, below
                case MemberLocation.QueryString:
                    bound.Add(location);
                    var values = query.Where(p => p.Key == location).Select(p => p.Value).ToList();
                    if (values.Count == 0)
                        break;
                    members[binding.Name] = ShapeInfo.Kind(json, memberType) == JsonTypeInfoKind.Enumerable
                        ? new JsonArray([.. values.Select(v => Typed(v, ShapeInfo.ElementType(json, memberType), $"query parameter {location}"))])
                        : Typed(values[0], memberType, $"query parameter {location}");
                    break;
                case MemberLocation.Header when request.Headers.TryGetValue(location, out var header) && header.Count > 0:
                    members[binding.Name] = ShapeInfo.Kind(json, memberType) == JsonTypeInfoKind.Enumerable
                        ? new JsonArray([.. header.SelectMany(v => (v ?? "").Split(',')).Select(v => Typed(v.Trim(), ShapeInfo.ElementType(json, memberType), $"header {location}"))])
                        : Typed(header.ToString(), memberType, $"header {location}");
                    break;
                case MemberLocation.Headers:
                    var map = new JsonObject();
                    foreach (var (headerName, headerValues) in request.Headers)
                        if (headerName.StartsWith(location, StringComparison.OrdinalIgnoreCase) && headerName.Length > location.Length)
                            map[headerName[location.Length..]] = headerValues.ToString();
                    if (map.Count > 0)
                        members[binding.Name] = map;
                    break;
            }
        }
        if (operation.Input.FirstOrDefault(b => b.Location == MemberLocation.QueryString && ShapeInfo.Kind(json, MemberType(type, b.Name)) == JsonTypeInfoKind.Dictionary) is { } rest)
        {
            var map = new JsonObject();
            foreach (var (key, value) in query)
                if (!bound.Contains(key) && !map.ContainsKey(key))
                    map[key] = value;
            if (map.Count > 0)
                members[rest.Name] = map;
        }

        object? input;
        try
        {
            input = members.Deserialize(type, json);
        }
        catch (JsonException e)
        {
            throw Error(ValidationErrorCode, e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal)
                ? $"1 validation error detected: Value at '{ValidationPaths.AsAwsNames([p[2..]])[0]}' failed to satisfy constraint: Member must be of type {ModelType(type, p[2..])}"
                : $"The request does not fit {operation.Name}'s input: {e.Message.Split('\n')[0].Trim()}");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw Error(MalformedBodyErrorCode, $"The request does not fit {operation.Name}'s input: {e.Message.Split('\n')[0].Trim()}");
        }
        if (input is null)
            throw Error(MalformedBodyErrorCode, "The request body must be a JSON object.");
        var missing = _missingRequired(input);
        if (missing.Count > 0)
            throw Error(ValidationErrorCode, ValidationMessages.MissingMembers(ValidationPaths.AsAwsNames(missing)));
        return input;
    }

    private async Task WriteAsync(OperationDescriptor operation, object output, HttpResponse response, CancellationToken cancellationToken)
    {
        var json = Service.Json;
        var type = operation.OutputType;
        var members = JsonSerializer.SerializeToNode(output, type, json) as JsonObject ?? [];
        var status = operation.SuccessCode;
        string? contentType = null;
        MemberBinding? payload = null;
        foreach (var binding in operation.Output)
        {
            var value = members[binding.Name];
            members.Remove(binding.Name);
            var memberType = MemberType(type, binding.Name);
            var location = binding.LocationName ?? binding.Name;
            switch (binding.Location)
            {
                case MemberLocation.StatusCode when value is JsonValue code && code.TryGetValue<int>(out var number) && number is >= 100 and <= 599:
                    status = number;
                    break;
                case MemberLocation.Header when value is JsonArray items:
                    response.Headers[location] = HeaderSafe(string.Join(",", items.OfType<JsonNode>().Select(i =>
                        WireValue.Format(i, ShapeInfo.ElementType(json, memberType), WireValue.TimestampFormat.HttpDate))));
                    break;
                case MemberLocation.Header when value is not null:
                    var text = HeaderSafe(WireValue.Format(value, memberType, WireValue.TimestampFormat.HttpDate));
                    if (location.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                        contentType = text;
                    else
                        response.Headers[location] = text;
                    break;
                case MemberLocation.Headers when value is JsonObject map:
                    foreach (var (key, entry) in map)
                        if (entry is not null)
                            response.Headers[location + key] = HeaderSafe(WireValue.Format(entry, typeof(string), WireValue.TimestampFormat.HttpDate));
                    break;
                case MemberLocation.Payload:
                    payload = binding;
                    if (value is not null)
                        members[binding.Name] = value; // kept for the body below
                    break;
            }
        }

        byte[] bytes;
        if (payload is null)
        {
            bytes = Encoding.UTF8.GetBytes(members.ToJsonString(json));
            contentType ??= "application/json";
        }
        else
        {
            var payloadType = MemberType(type, payload.Name);
            var value = members[payload.Name];
            (bytes, var defaultType) = value is null ? ([], null)
                : ShapeInfo.IsBlob(payloadType) ? (Convert.FromBase64String(value.GetValue<string>()), "application/octet-stream")
                : payloadType == typeof(string) ? (Encoding.UTF8.GetBytes(value.GetValue<string>()), "text/plain")
                : (Encoding.UTF8.GetBytes(value.ToJsonString(json)), "application/json");
            contentType ??= defaultType;
        }
        response.StatusCode = status;
        if (contentType is not null)
            response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        if (bytes.Length > 0)
            await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private JsonObject BodyObject(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
            return [];
        if (!System.Text.Unicode.Utf8.IsValid(body))
            throw Error(MalformedBodyErrorCode, "Could not parse request body into json: the body is not UTF-8.");
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw Error(MalformedBodyErrorCode, "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw Error(MalformedBodyErrorCode, $"Could not parse request body into json: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    private JsonNode? PayloadNode(ReadOnlySpan<byte> body, Type type)
    {
        if (ShapeInfo.IsBlob(type))
            return JsonValue.Create(Convert.ToBase64String(body));
        if (type == typeof(string))
        {
            try
            {
                return JsonValue.Create(new UTF8Encoding(false, true).GetString(body));
            }
            catch (DecoderFallbackException)
            {
                throw Error(MalformedBodyErrorCode, "The request body is not UTF-8 text.");
            }
        }
        if (!System.Text.Unicode.Utf8.IsValid(body))
            throw Error(MalformedBodyErrorCode, "Could not parse request body into json: the body is not UTF-8.");
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw Error(MalformedBodyErrorCode, $"Could not parse request body into json: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    private JsonNode? Typed(string text, Type type, string where)
    {
        try
        {
            return WireValue.ParseStrict(text, type);
        }
        catch (FormatException e)
        {
            throw Error(ValidationErrorCode, $"The {where} is malformed: {e.Message}.");
        }
    }

    /// <summary>The query string's parameters, strictly decoded, in order.</summary>
    private List<KeyValuePair<string, string>> QueryParameters(HttpRequest request)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (request.QueryString.Value is { Length: > 1 } query)
        {
            try
            {
                FormEncoding.Parse(Encoding.UTF8.GetBytes(query[1..]), parameters);
            }
            catch (FormatException e)
            {
                throw Error(ValidationErrorCode, $"The query string is malformed: {e.Message}");
            }
        }
        return parameters;
    }

    /// <summary>The model's name for the type of the member at a JSON path (<c>Environment.Variables</c>, <c>Layers[0]</c>).</summary>
    private string ModelType(Type shape, string path)
    {
        var type = shape;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            type = ShapeInfo.Kind(Service.Json, type) == JsonTypeInfoKind.Dictionary
                ? ShapeInfo.ElementType(Service.Json, type) // the segment is a key of the map
                : MemberType(type, bracket < 0 ? segment : segment[..bracket]);
            if (bracket >= 0 && ShapeInfo.Kind(Service.Json, type) is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary)
                type = ShapeInfo.ElementType(Service.Json, type);
        }
        return type switch
        {
            _ when ShapeInfo.IsBoolean(type) => "boolean",
            _ when ShapeInfo.IsNumber(type) => "number",
            _ when ShapeInfo.IsTimestamp(type) => "timestamp",
            _ when ShapeInfo.IsBlob(type) => "blob",
            _ when type == typeof(string) => "string",
            _ => ShapeInfo.Kind(Service.Json, type) switch
            {
                JsonTypeInfoKind.Enumerable => "list",
                JsonTypeInfoKind.Dictionary => "map",
                _ => "structure",
            },
        };
    }

    private Type MemberType(Type shape, string member) => ShapeInfo.Member(Service.Json, shape, member)?.PropertyType ?? typeof(string);

    /// <summary>Kestrel sends header values in printable ASCII only; a member with other characters has them replaced
    /// by '?' (control characters dropped) rather than failing the call after the service did its work.</summary>
    private static StringValues HeaderSafe(string value) =>
        value.All(c => c is >= ' ' and <= '~' or '\t') ? value : new string([.. value.Where(c => !char.IsControl(c)).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private Exception TooLarge(long size) => Error("RequestTooLargeException",
        $"Request must be smaller than {_maxBodyBytes} bytes for the {Service.ServiceId} API (got {size} bytes or more).", 413);

    private AwsServiceException Error(string code, string message, int status = 400) => Service.CreateException(code, message, status);

    /// <summary>An operation's URI template as a pattern over the raw path, with its labels and literal query keys.</summary>
    private sealed partial record Route(OperationDescriptor Operation, Regex Pattern, IReadOnlyList<(string Label, string Group)> Labels,
        IReadOnlyList<string> QueryKeys, int Specificity)
    {
        public static Route Of(OperationDescriptor operation)
        {
            var template = operation.RequestUri;
            var questionMark = template.IndexOf('?');
            var pathTemplate = questionMark < 0 ? template : template[..questionMark];
            var queryKeys = questionMark < 0
                ? []
                : template[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)[0]).ToArray();
            var labels = new List<(string, string)>();
            var pattern = new StringBuilder("^");
            var literal = 0;
            var greedy = 0;
            var at = 0;
            foreach (Match label in LabelPattern().Matches(pathTemplate))
            {
                pattern.Append(Regex.Escape(pathTemplate[at..label.Index]));
                literal += label.Index - at;
                var group = "l" + labels.Count;
                labels.Add((label.Groups["name"].Value, group));
                var isGreedy = label.Groups["greedy"].Success;
                greedy += isGreedy ? 1 : 0;
                pattern.Append(isGreedy ? $"(?<{group}>.+)" : $"(?<{group}>[^/]+)");
                at = label.Index + label.Length;
            }
            pattern.Append(Regex.Escape(pathTemplate[at..]));
            literal += pathTemplate.Length - at;
            pattern.Append("/?$"); // a trailing slash names the same resource
            return new Route(operation, new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture),
                labels, queryKeys, (literal + queryKeys.Length * 100) * 10 - greedy);
        }

        [GeneratedRegex(@"\{(?<name>[^}+]+)(?<greedy>\+)?\}")]
        private static partial Regex LabelPattern();
    }
}
