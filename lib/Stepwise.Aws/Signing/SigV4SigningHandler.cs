using System.Globalization;
using Amazon.Runtime;

namespace Stepwise.Aws.Signing;

/// <summary>
/// Signs each request with SigV4 for the <see cref="SigningScope"/> set in its options (<see cref="ScopeKey"/>): sets
/// <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> for temporary credentials, <c>X-Amz-Content-Sha256</c> when the scope asks,
/// and <c>Authorization</c>. Credentials are asked for on every request, so refreshing ones stay fresh.
/// </summary>
public sealed class SigV4SigningHandler(AWSCredentials credentials, TimeProvider? timeProvider = null) : DelegatingHandler
{
    /// <summary>The request option that carries the scope a request is signed for.</summary>
    public static readonly HttpRequestOptionsKey<SigningScope> ScopeKey = new("Stepwise.Aws.SigningScope");

    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the signature headers to a request and returns the signature's steps.</summary>
    public async Task<SigV4Signature> SignAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        if (!request.Options.TryGetValue(ScopeKey, out var scope))
            throw new InvalidOperationException($"The request to {request.RequestUri} has no SigV4 signing scope (set {nameof(SigV4SigningHandler)}.{nameof(ScopeKey)}).");
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        var signedAt = _timeProvider.GetUtcNow().UtcDateTime;

        var headers = request.Headers;
        foreach (var name in (string[])["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"])
            headers.Remove(name);
        headers.TryAddWithoutValidation("X-Amz-Date", signedAt.ToString(SigV4Signer.DateTimeFormat, CultureInfo.InvariantCulture));
        if (identity.UseToken)
            headers.TryAddWithoutValidation("X-Amz-Security-Token", identity.Token);

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var payloadHash = SigV4Signer.PayloadHash(body);
        if (scope.SignContentSha256)
            headers.TryAddWithoutValidation("X-Amz-Content-Sha256", payloadHash);

        var toSign = new List<KeyValuePair<string, IEnumerable<string>>>
        {
            new("host", [headers.Host ?? (uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}")]),
        };
        toSign.AddRange(headers.NonValidated.Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)));
        if (request.Content is not null)
            toSign.AddRange(request.Content.Headers.NonValidated.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)));

        var signature = SigV4Signer.Sign(request.Method.Method, uri.AbsolutePath, uri.Query, toSign, payloadHash, identity, scope, signedAt);
        headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }
}
