using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Hosting;

/// <summary>
/// A service on the query protocol (IAM, STS), served from its operation descriptors: <c>POST /</c> with a form-encoded
/// body (or <c>GET /?…</c>), <c>Action</c> naming the operation and <c>Version</c> the API version; the form becomes the
/// input shape by <see cref="QueryForm.Unflatten"/> (the inverse of the AWS client's flattening) and the output shape
/// goes back as <c>&lt;OpResponse&gt;&lt;OpResult&gt;</c> XML by <see cref="QueryXml"/>; errors are
/// <c>&lt;ErrorResponse&gt;</c> with AWS's codes: <c>InvalidAction</c>, <c>MalformedInput</c>, <c>ValidationError</c>.
/// </summary>
public sealed class QueryEndpoint : ServiceEndpoint
{
    /// <summary>What AWS names the version in its error when the request gives none.</summary>
    private const string NoVersion = "NO_VERSION_SPECIFIED";

    private readonly object _port;
    private readonly FrozenDictionary<string, OperationDescriptor> _operations;
    private readonly Func<object, IReadOnlyList<string>> _missingRequired;
    private readonly long _maxBodyBytes;

    /// <summary>Serves <paramref name="port"/> (an <c>ISts</c>, <c>IIam</c>) through <paramref name="operations"/>;
    /// <paramref name="missingRequired"/> lists the required members an input lacks (the service's <c>…Json.MissingRequiredMembers</c>).</summary>
    public QueryEndpoint(ServiceDescriptor service, IEnumerable<OperationDescriptor> operations, object port,
        Func<object, IReadOnlyList<string>> missingRequired, long maxBodyBytes = 1024 * 1024)
        : base(service)
    {
        if (service.Protocol != AwsProtocol.Query || service.XmlNamespace is null)
            throw new ArgumentException($"{service.ServiceId} is not a query-protocol service.", nameof(service));
        _port = port;
        _operations = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
        _missingRequired = missingRequired;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <inheritdoc/>
    public override async Task<string?> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? name = null;
        try
        {
            var parameters = await ReadParametersAsync(request, context.RequestAborted).ConfigureAwait(false);
            var action = First(parameters, "Action");
            var version = First(parameters, "Version");
            if (action is null)
                throw Error("InvalidAction", $"The request has no Action parameter: a {Service.ServiceId} query request is " +
                                             $"Action=<Operation>&Version={Service.ApiVersion}&… (AWS redirects such a request to its documentation).");
            if (!_operations.TryGetValue(action, out var operation) || version != Service.ApiVersion)
                throw Error("InvalidAction", $"Could not find operation {action} for version {version ?? NoVersion}");
            name = operation.Name;

            var input = Read(operation, parameters);
            var output = await operation.InvokeAsync(_port, input, context.RequestAborted).ConfigureAwait(false);
            var node = JsonSerializer.SerializeToNode(output, operation.OutputType, Service.Json);
            var requestId = context.Response.Headers["x-amzn-RequestId"].ToString();
            var bytes = Encoding.UTF8.GetBytes(QueryXml.WriteResponse(operation.Name, Service.XmlNamespace!, node, operation.OutputType, Service.Json, requestId));
            var response = context.Response;
            response.StatusCode = operation.SuccessCode;
            response.ContentType = "text/xml";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            await ProtocolErrors.WriteQueryAsync(context.Response, Service, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await ProtocolErrors.WriteQueryAsync(context.Response, Service, Error("MalformedInput", e.Message)).ConfigureAwait(false);
        }
        return name;
    }

    /// <summary>The form of a POST (with the URL's query parameters after it) or the query string of a GET, in order.</summary>
    private async Task<List<KeyValuePair<string, string>>> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (HttpMethods.IsPost(request.Method))
        {
            if (!IsFormContentType(request.ContentType))
                throw Error("MalformedInput", $"Content-Type '{request.ContentType}' is not application/x-www-form-urlencoded: " +
                                              $"the {Service.ServiceId} API reads form-encoded query requests only.");
            using var body = await RequestBody.ReadAsync(request, _maxBodyBytes, TooLarge, cancellationToken).ConfigureAwait(false);
            Parse(body.Memory.Span, parameters);
        }
        else if (!HttpMethods.IsGet(request.Method))
        {
            throw Error("InvalidAction", $"The {Service.ServiceId} API takes POST requests with a form body, or GET requests with a query string; got {request.Method}.");
        }
        if (request.QueryString.Value is { Length: > 1 } query)
            Parse(Encoding.UTF8.GetBytes(query[1..]), parameters);
        return parameters;
    }

    private void Parse(ReadOnlySpan<byte> form, List<KeyValuePair<string, string>> parameters)
    {
        try
        {
            FormEncoding.Parse(form, parameters);
        }
        catch (FormatException e)
        {
            throw Error("MalformedInput", e.Message);
        }
    }

    private object Read(OperationDescriptor operation, List<KeyValuePair<string, string>> parameters)
    {
        object? input;
        try
        {
            var members = QueryForm.Unflatten(parameters.Where(p => p.Key is not ("Action" or "Version")), operation.InputType, Service.Json);
            input = members.Deserialize(operation.InputType, Service.Json);
        }
        catch (QueryFormException e)
        {
            throw Error("MalformedInput", e.Message);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Error("MalformedInput", $"The parameters do not fit {operation.Name}'s input: {e.Message.Split('\n')[0].Trim()}");
        }
        if (input is null)
            throw Error("MalformedInput", $"The parameters do not fit {operation.Name}'s input.");
        var missing = _missingRequired(input);
        if (missing.Count > 0)
            throw Error("ValidationError", ValidationMessages.MissingMembers(ValidationPaths.AsAwsNames(missing)));
        return input;
    }

    private static string? First(List<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var (key, value) in parameters)
            if (key == name)
                return value;
        return null;
    }

    private static bool IsFormContentType(string? contentType) =>
        string.IsNullOrEmpty(contentType) // AWS redirects these; curl users get the benefit of the doubt
        || contentType.Split(';')[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private Exception TooLarge(long size) => Error("ValidationError",
        $"1 validation error detected: Request body of {size} bytes or more failed to satisfy constraint: Member must have length less than or equal to {_maxBodyBytes}");

    private AwsServiceException Error(string code, string message) => Service.CreateException(code, message, 400);
}
