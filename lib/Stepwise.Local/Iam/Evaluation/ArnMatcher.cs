namespace Stepwise.Local.Iam;

/// <summary>ARN patterns as IAM matches them (Resource elements, Arn* conditions): case-sensitive, segment by segment
/// (<c>arn:partition:service:region:account:resource</c>), wildcards within a segment; a pattern's last segment that ends
/// in <c>*</c> also matches beyond the colons that follow.</summary>
internal static class ArnMatcher
{
    public static bool IsMatch(string pattern, string arn, Func<string, string?>? variable = null)
    {
        if (pattern == "*")
            return true;
        if (!pattern.StartsWith("arn:", StringComparison.Ordinal) || !arn.StartsWith("arn:", StringComparison.Ordinal))
            return Glob.Compile(pattern, variable) is { } whole && whole.IsMatch(arn);
        var p = pattern.Split(':', 6);
        var r = arn.Split(':', 6);
        for (var i = 0; i < p.Length; i++)
        {
            if (Glob.Compile(p[i], variable) is not { } segment)
                return false;
            if (i == p.Length - 1)
            {
                if (p.Length == r.Length)
                    return segment.IsMatch(r[i]);
                return p.Length < r.Length && p[i].EndsWith('*') && segment.IsMatch(string.Join(':', r[i..]));
            }
            if (i >= r.Length || !segment.IsMatch(r[i]))
                return false;
        }
        return false;
    }
}
