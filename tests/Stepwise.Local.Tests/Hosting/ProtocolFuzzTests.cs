using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Stepwise.Local.Hosting;
using Stepwise.Local.Tests.Reliability;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>Random garbage — methods, paths, query strings, headers, forms and bodies — against a host serving STS
/// (query) and a fake Lambda (restJson1): every answer is a success or a 4xx in the protocol of the service it reached,
/// never a 5xx and never a body its clients could not parse.</summary>
public sealed partial class ProtocolFuzzTests : IAsyncLifetime
{
    // Deterministic by default; STEPWISE_FUZZ_SEED / STEPWISE_FUZZ_CASES explore further by hand.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("STEPWISE_FUZZ_SEED"), out var seed) ? seed : 20_260_101;
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("STEPWISE_FUZZ_CASES"), out var cases) ? cases : 1_500;

    private static readonly string[] Segments = ["Tags", "member", "entry", "key", "value", "Key", "Value", "1", "2", "0", "-1", "x", "", "RoleArn",
        "RoleSessionName", "DurationSeconds", "PolicyArns", "arn", "TransitiveTagKeys", "ProvidedContexts", "ContextAssertion", "99999999999"];

    private static readonly string[] LambdaPaths = ["/2015-03-31/functions", "/2015-03-31/functions/", "/2015-03-31/functions/{n}",
        "/2015-03-31/functions/{n}/invocations", "/2015-03-31/functions/{n}/code", "/2015-03-31/functions/{n}/configuration", "/{n}", "/", "/2015-03-31/{n}/{n}"];

    private LocalCloudHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudHost.StartAsync([LocalCloudServices.Sts(new Sts.LocalSts("123456789012")), RestJsonEndpointTests.FakeLambdaEndpoint(new FakeLambda())]);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Garbage_for_query_and_restJson_services_gets_4xx_in_their_own_shape_and_never_a_5xx()
    {
        var mutator = new Mutator(Seed);
        var problems = new Dictionary<string, string>();
        var answered = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();

        for (var n = 0; n < Cases; n++)
        {
            var query = n % 2 == 0;
            using var request = query ? QueryCase(mutator) : RestJsonCase(mutator);
            var described = $"{request.Method} {request.RequestUri}";
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            // A HEAD answer has no body to check: only its status.
            var problem = request.Method == HttpMethod.Head ? (status >= 500 ? "server error" : null)
                : query ? CheckQuery(status, body) : CheckRestJson(status, response, body);
            var kind = $"{(query ? "query" : "restJson")} {status}";
            answered[kind] = answered.GetValueOrDefault(kind) + 1;
            if (problem is not null)
                problems.TryAdd($"{status} {Regex.Replace(problem, @"[0-9a-f-]{36}|\d+", "#")}",
                    $"case {n}: {(described.Length > 300 ? described[..300] + "…" : described)} → {status}: {problem}\n  answer: {(body.Length > 400 ? body[..400] + "…" : body)}");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} kinds of wrong answers in {Cases} cases (seed {Seed}, {clock.Elapsed.TotalSeconds:F1} s):\n\n{string.Join("\n\n", problems.Values.Take(25))}");
        // The garbage reached the services' own code, not only their front doors.
        Assert.True(answered.GetValueOrDefault("query 200") > 0 && answered.GetValueOrDefault("restJson 200") > 0, string.Join(", ", answered));
        Assert.True(answered.Count(a => a.Key.StartsWith("restJson 4", StringComparison.Ordinal)) >= 2, string.Join(", ", answered));
    }

    private HttpRequestMessage QueryCase(Mutator m)
    {
        var form = new List<string>();
        if (m.Random.Next(8) > 0)
            form.Add("Action=" + Encode(m.Pick(new[] { "GetCallerIdentity", "GetCallerIdentity", "AssumeRole", "AssumeRole", "getcalleridentity", "", m.AsciiString() })));
        if (m.Random.Next(8) > 0)
            form.Add("Version=" + Encode(m.Pick(new[] { "2011-06-15", "2011-06-15", "2011-06-15", "2010-05-08", "", m.AsciiString() })));
        for (var i = m.Random.Next(6); i > 0; i--)
        {
            var name = string.Join('.', Enumerable.Range(0, 1 + m.Random.Next(5)).Select(_ => m.Pick(Segments)));
            var value = m.Random.Next(3) == 0 ? m.RandomString() : m.Pick(new[] { "arn:aws:iam::123456789012:role/r", "s", "900", "abc", "", "true", "1e400" });
            form.Add($"{Encode(name)}={Encode(value)}");
        }
        var text = string.Join('&', form);
        var bytes = m.Random.Next(6) == 0 ? m.Damage(Encoding.UTF8.GetBytes(text))
            : m.Random.Next(10) == 0 ? Encoding.UTF8.GetBytes(text.Replace("%", m.Pick(new[] { "%", "%%", "%g", "%E2%82" }), StringComparison.Ordinal))
            : Encoding.UTF8.GetBytes(text);
        var method = m.Pick(new[] { HttpMethod.Post, HttpMethod.Post, HttpMethod.Post, HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head });
        var get = method == HttpMethod.Get;
        var uri = Raw(get ? "/?" + Target(bytes) : m.Random.Next(10) == 0 ? "/?Action=GetCallerIdentity" : "/");
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0");
        if (!get)
        {
            request.Content = new ByteArrayContent(bytes);
            var contentType = m.Pick(new[] { "application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                "application/json", "text/xml", "multipart/form-data; boundary=x", "garbage", null });
            if (contentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return request;
    }

    private HttpRequestMessage RestJsonCase(Mutator m)
    {
        string Label() => m.Random.Next(6) switch
        {
            0 => Encode(m.RandomString()),
            1 => new string([.. m.AsciiString().Where(c => c is > ' ' and not ('/' or '?' or '#'))]) is { Length: > 0 } raw ? raw : "x", // raw, unencoded
            2 => m.Pick(new[] { "%zz", "%", "%C3%28", "a%2Fb", "%E2%82" }),
            3 => "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aecho",
            _ => m.Pick(new[] { "echo", "fail", "alpha", "missing" }),
        };
        // Kestrel refuses an encoded NUL in a path with a bare 400 before any service sees the request.
        var path = Regex.Replace(m.Pick(LambdaPaths), @"\{n\}", _ => Label()).Replace("%00", "%01", StringComparison.Ordinal);
        var query = new List<string>();
        for (var i = m.Random.Next(4); i > 0; i--)
            query.Add(m.Pick(new[] { "MaxItems", "Marker", "Qualifier", "FunctionVersion", "MasterRegion", "x", "" }) + "=" +
                      m.Pick(new[] { "2", "0", "-5", "abc", "1.5", "99999999999", "", "%zz", "ALL", Encode(m.RandomString()) }));
        var uri = Raw(path + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        var method = m.Pick(new[] { HttpMethod.Get, HttpMethod.Get, HttpMethod.Post, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, HttpMethod.Head });
        var request = new HttpRequestMessage(method, uri);
        // Unsigned, only Lambda's own path prefix tells the router it is Lambda (elsewhere it is S3's).
        if (m.Random.Next(3) > 0 || !path.StartsWith("/2015-03-31/functions", StringComparison.Ordinal))
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0");
        foreach (var header in new[] { "X-Amz-Invocation-Type", "X-Amz-Log-Type", "X-Amz-Client-Context", "X-Amz-Tenant-Id" })
            if (m.Random.Next(4) == 0)
                request.Headers.TryAddWithoutValidation(header, m.Pick(new[] { "Event", "RequestResponse", "DryRun", "Tail", "None", "", m.AsciiString() }));
        if (method != HttpMethod.Get || m.Random.Next(4) == 0)
        {
            var body = m.Random.Next(4) switch
            {
                0 => m.Damage("""{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Code":{"ZipFile":"UEs="},"MemorySize":128}"""u8.ToArray()),
                1 => Encoding.UTF8.GetBytes(m.RandomValue()?.ToJsonString() ?? "null"),
                2 => Encoding.UTF8.GetBytes(m.Mutate(new JsonObject { ["FunctionName"] = "f", ["MemorySize"] = 128, ["Timeout"] = 3, ["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["a"] = "b" } } })?.ToJsonString() ?? "null"),
                _ => [],
            };
            request.Content = new ByteArrayContent(body);
            if (m.Random.Next(2) == 0)
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(m.Pick(new[] { "application/json", "application/octet-stream", "text/plain" }));
        }
        return request;
    }

    /// <summary>Null if the answer is acceptable for the query protocol; else what is wrong with it.</summary>
    private static string? CheckQuery(int status, string body)
    {
        if (status >= 500) return "server error";
        if (status is not (200 or >= 400 and < 500)) return $"status {status}";
        XElement root;
        try
        {
            root = XDocument.Parse(body).Root!;
        }
        catch (XmlException e)
        {
            return $"the body is not XML: {e.Message}";
        }
        if (status == 200)
            return root.Name.LocalName.EndsWith("Response", StringComparison.Ordinal) && root.Name.NamespaceName == "https://sts.amazonaws.com/doc/2011-06-15/"
                ? null
                : $"a success document named {root.Name}";
        if (root.Name.LocalName != "ErrorResponse") return $"an error document named {root.Name}";
        var error = root.Elements().FirstOrDefault(e => e.Name.LocalName == "Error");
        var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
        if (code is not ("InvalidAction" or "MalformedInput" or "ValidationError")) return $"error code '{code}'";
        return string.IsNullOrEmpty(error!.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value) ? "no message" : null;
    }

    /// <summary>Null if the answer is acceptable for restJson1; else what is wrong with it.</summary>
    private static string? CheckRestJson(int status, HttpResponseMessage response, string body)
    {
        if (status >= 500) return "server error";
        if (status < 400) return null;
        if (!response.Headers.TryGetValues("x-amzn-ErrorType", out var codes) || string.IsNullOrEmpty(codes.Single())) return "no x-amzn-ErrorType";
        try
        {
            return JsonNode.Parse(body) is JsonObject error && error["Message"] is JsonValue message && message.TryGetValue<string>(out _) ? null : "no Message";
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
    }

    /// <summary>Bytes as a request target: printable ASCII stays as it is (bad escapes included), anything else is
    /// percent-encoded, since Kestrel refuses a non-ASCII request line before any service sees it.</summary>
    private static string Target(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is > 0x20 and < 0x7F and not (byte)'#' ? ((char)b).ToString() : $"%{b:X2}"));

    private static string Encode(string text) => Uri.EscapeDataString(Sanitize(text));

    /// <summary>Lone surrogates cannot be percent-encoded as UTF-8; they become U+FFFD, as an encoder would make them.</summary>
    private static string Sanitize(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    /// <summary>The host's URL for exactly this path and query, without canonicalizing bad escapes.</summary>
    private Uri Raw(string pathAndQuery) =>
        new(_host.Uri.GetLeftPart(UriPartial.Authority) + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
