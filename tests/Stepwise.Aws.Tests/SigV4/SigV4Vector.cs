using System.Text;

namespace Stepwise.Aws.Tests.SigV4;

/// <summary>One vector of AWS's SigV4 test suite, read from <c>SigV4/vectors/</c>.</summary>
public sealed record SigV4Vector(string Name, string Method, string RequestPath, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body, string Authorization, string? CanonicalRequest, string? StringToSign)
{
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "SigV4", "vectors");

    public static IEnumerable<object[]> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.req").Select(f => new object[] { System.IO.Path.GetFileNameWithoutExtension(f) }).OrderBy(n => (string)n[0]);

    public static SigV4Vector Load(string name)
    {
        string? Optional(string extension) => File.Exists(System.IO.Path.Combine(Directory, name + extension)) ? File.ReadAllText(System.IO.Path.Combine(Directory, name + extension), Encoding.UTF8) : null;
        var text = File.ReadAllText(System.IO.Path.Combine(Directory, name + ".req"), Encoding.UTF8).Replace("\r\n", "\n");
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? text : text[..blank];
        var body = blank < 0 ? "" : text[(blank + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var question = target.IndexOf('?');
        var headers = lines.Skip(1).Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..])).ToList();
        return new SigV4Vector(name, method, question < 0 ? target : target[..question], question < 0 ? "" : target[(question + 1)..],
            headers, body, Optional(".authz")!, Optional(".creq"), Optional(".sts"));
    }
}
