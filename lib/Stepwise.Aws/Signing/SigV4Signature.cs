namespace Stepwise.Aws.Signing;

/// <summary>The steps of one SigV4 signature, kept so that tests (and a puzzled user) can compare them with AWS's.</summary>
/// <param name="CanonicalRequest">The canonical request.</param>
/// <param name="StringToSign">The string to sign.</param>
/// <param name="Authorization">The <c>Authorization</c> header value.</param>
public sealed record SigV4Signature(string CanonicalRequest, string StringToSign, string Authorization);
