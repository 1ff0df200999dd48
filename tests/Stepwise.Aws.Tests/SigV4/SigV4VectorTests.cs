using System.Text;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.Signing;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests.SigV4;

/// <summary>AWS's Signature Version 4 test suite: canonical request, string to sign and Authorization header.</summary>
public sealed class SigV4VectorTests
{
    private static readonly SigningScope Scope = new("us-east-1", "service");

    private static readonly string Token = SigV4Vector.Load("post-sts-header-before").Headers.Single(h => h.Key == "X-Amz-Security-Token").Value;

    private static ImmutableCredentials Credentials(SigV4Vector vector) => new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        vector.Headers.Any(h => h.Key == "X-Amz-Security-Token") ? Token : null);

    [Fact]
    public void The_suite_has_at_least_ten_vectors() => Assert.True(SigV4Vector.Names().Count() >= 10);

    [Theory]
    [MemberData(nameof(SigV4Vector.Names), MemberType = typeof(SigV4Vector))]
    public void Signing_the_request_text_gives_the_suites_signature(string name)
    {
        var vector = SigV4Vector.Load(name);
        var headers = vector.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new KeyValuePair<string, IEnumerable<string>>(g.Key, g.Select(h => h.Value)));
        var signature = SigV4Signer.Sign(vector.Method, vector.RequestPath, vector.Query, headers,
            SigV4Signer.PayloadHash(Encoding.UTF8.GetBytes(vector.Body)), Credentials(vector), Scope, TestClients.SuiteTime.UtcDateTime);

        if (vector.CanonicalRequest is { } canonical)
            Assert.Equal(canonical, signature.CanonicalRequest);
        if (vector.StringToSign is { } stringToSign)
            Assert.Equal(stringToSign, signature.StringToSign);
        Assert.Equal(vector.Authorization, signature.Authorization);
    }

    /// <summary>The handler signs an <see cref="HttpRequestMessage"/> end to end. The suite's paths are wire paths; those
    /// that System.Uri would escape (a space, UTF-8) or normalize (dot segments) are signed as strings above only.</summary>
    [Theory]
    [InlineData("get-vanilla")]
    [InlineData("get-vanilla-query-order-key-case")]
    [InlineData("get-vanilla-query-order-value")]
    [InlineData("get-vanilla-query-unreserved")]
    [InlineData("get-header-value-trim")]
    [InlineData("get-header-key-duplicate")]
    [InlineData("get-unreserved")]
    [InlineData("get-slashes")]
    [InlineData("post-header-value-case")]
    [InlineData("post-x-www-form-urlencoded")]
    [InlineData("post-x-www-form-urlencoded-parameters")]
    [InlineData("post-sts-header-before")]
    public async Task Handler_signs_an_HttpRequestMessage_as_the_suite_does(string name)
    {
        var vector = SigV4Vector.Load(name);
        var request = new HttpRequestMessage(new HttpMethod(vector.Method),
            "https://example.amazonaws.com" + vector.RequestPath + (vector.Query.Length > 0 ? "?" + vector.Query : ""));
        if (vector.Body.Length > 0)
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(vector.Body));
        foreach (var (header, value) in vector.Headers)
        {
            if (header is "Host" or "X-Amz-Date" or "X-Amz-Security-Token")
                continue; // the handler sets these itself
            if (!request.Headers.TryAddWithoutValidation(header, value))
                request.Content!.Headers.TryAddWithoutValidation(header, value);
        }
        request.Options.Set(SigV4SigningHandler.ScopeKey, Scope);
        var immutable = Credentials(vector);
        AWSCredentials credentials = immutable.UseToken
            ? new SessionAWSCredentials(immutable.AccessKey, immutable.SecretKey, immutable.Token)
            : new BasicAWSCredentials(immutable.AccessKey, immutable.SecretKey);
        using var handler = new SigV4SigningHandler(credentials, new FakeTimeProvider(TestClients.SuiteTime));

        var signature = await handler.SignAsync(request);

        Assert.Equal(vector.Authorization, signature.Authorization);
        Assert.Equal(vector.Authorization, string.Join(",", request.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal(immutable.UseToken, request.Headers.Contains("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Handler_adds_X_Amz_Content_Sha256_when_the_scope_asks()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "https://bucket.s3.amazonaws.com/key") { Content = new StringContent("hello") };
        request.Options.Set(SigV4SigningHandler.ScopeKey, new SigningScope("us-east-1", "s3", NormalizePath: false, SignContentSha256: true));
        using var handler = new SigV4SigningHandler(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new FakeTimeProvider(TestClients.SuiteTime));

        var signature = await handler.SignAsync(request);

        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", request.Headers.GetValues("X-Amz-Content-Sha256").Single());
        Assert.Contains("x-amz-content-sha256", signature.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_refuses_a_request_without_a_scope()
    {
        using var handler = new SigV4SigningHandler(new BasicAWSCredentials("a", "b"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.SignAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.test/")));
        Assert.Contains("signing scope", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/functions/my%3Afn/invocations", "/functions/my%253Afn/invocations")]
    [InlineData("/a/./b/../c/", "/a/c/")]
    [InlineData("", "/")]
    public void Canonical_uri_encodes_the_wire_path_again_after_normalizing(string path, string expected) =>
        Assert.Equal(expected, SigV4Signer.CanonicalUri(path));

    [Fact]
    public void S3_signs_its_wire_path_as_it_is() =>
        Assert.Equal("/bucket/a%20b//c", SigV4Signer.CanonicalUri("/bucket/a%20b//c", normalize: false));
}
