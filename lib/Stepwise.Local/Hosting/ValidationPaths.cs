namespace Stepwise.Local.Hosting;

/// <summary>Member paths as AWS's validation errors name them: every segment starts in lower case (<c>RoleName</c> →
/// <c>roleName</c>, <c>Tags.1.member.Key</c> → <c>tags.1.member.key</c>, <c>SAMLAssertion</c> → <c>sAMLAssertion</c>),
/// whatever the case of the model's member names.</summary>
internal static class ValidationPaths
{
    public static IReadOnlyList<string> AsAwsNames(IReadOnlyList<string> paths) =>
        [.. paths.Select(path => string.Join('.', path.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..])))];
}
