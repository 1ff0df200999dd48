namespace Stepwise.Workflows.Permissions;

/// <summary>IAM's wildcard patterns (<c>*</c> any run of characters, <c>?</c> one character), as in <c>Action</c> and <c>Resource</c>.</summary>
public static class IamPattern
{
    /// <summary>Whether the literal <paramref name="value"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string value, bool ignoreCase = false) => Covers(pattern, Literal(value), ignoreCase);

    /// <summary>
    /// Whether every string <paramref name="specific"/> matches also matches <paramref name="general"/> (pattern
    /// containment): a <c>*</c> in <paramref name="specific"/> is only covered by a <c>*</c> in <paramref name="general"/>,
    /// a <c>?</c> by a <c>?</c> or <c>*</c>. Sound, and exact for the patterns policies use.
    /// </summary>
    public static bool Covers(string general, string specific, bool ignoreCase = false)
    {
        // Dynamic programming over (position in general, position in specific).
        var g = general; var s = specific;
        var reachable = new bool[s.Length + 1];
        reachable[0] = true;
        foreach (var gc in g)
        {
            var next = new bool[s.Length + 1];
            if (gc == '*')
            {
                var any = false;
                for (var j = 0; j <= s.Length; j++)
                {
                    any |= reachable[j];
                    next[j] = any;
                }
            }
            else
            {
                for (var j = 0; j < s.Length; j++)
                {
                    if (!reachable[j]) continue;
                    var sc = s[j];
                    var ok = gc == '?' ? sc != '*'
                        : sc is not '*' and not '?' && (ignoreCase ? char.ToLowerInvariant(gc) == char.ToLowerInvariant(sc) : gc == sc);
                    if (ok) next[j + 1] = true;
                }
            }
            reachable = next;
        }
        return reachable[s.Length];
    }

    /// <summary>Whether the pattern has a wildcard.</summary>
    public static bool HasWildcard(string pattern) => pattern.Contains('*') || pattern.Contains('?');

    // A literal value's '*' and '?' are characters, not wildcards: map them to characters no pattern wildcard stands for.
    private static string Literal(string value) => value.Replace('*', '\u0002').Replace('?', '\u0003');
}
