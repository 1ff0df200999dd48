namespace Stepwise.Local.Iam;

/// <summary>IAM's wildcard patterns: <c>*</c> any run of characters, <c>?</c> any one character; policy variables
/// (<c>${aws:username}</c>, <c>${*}</c>, <c>${?}</c>, <c>${$}</c>) substituted first, their text matched literally.</summary>
internal readonly struct Glob
{
    private const char Star = '\uE000';
    private const char Question = '\uE001';
    private readonly string _pattern;

    private Glob(string pattern) => _pattern = pattern;

    /// <summary>Compiles <paramref name="pattern"/>; null when it names a variable <paramref name="variable"/> cannot
    /// resolve (AWS: the element then matches nothing). Without a resolver, <c>${…}</c> is plain text.</summary>
    public static Glob? Compile(string pattern, Func<string, string?>? variable = null, bool wildcards = true)
    {
        var text = new System.Text.StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (variable is not null && c == '$' && i + 1 < pattern.Length && pattern[i + 1] == '{'
                && pattern.IndexOf('}', i + 2) is var close and > 0)
            {
                var name = pattern[(i + 2)..close];
                var value = name switch
                {
                    "*" => "*",
                    "?" => "?",
                    "$" => "$",
                    _ => Resolve(name, variable),
                };
                if (value is null)
                    return null;
                text.Append(value); // literal: a resolved value's own '*' is no wildcard
                i = close;
            }
            else if (wildcards && c == '*')
                text.Append(Star);
            else if (wildcards && c == '?')
                text.Append(Question);
            else
                text.Append(c);
        }
        return new Glob(text.ToString());
    }

    /// <summary><c>${key}</c> or <c>${key, 'default'}</c>.</summary>
    private static string? Resolve(string name, Func<string, string?> variable)
    {
        var comma = name.IndexOf(',');
        if (comma < 0)
            return variable(name.Trim());
        var fallback = name[(comma + 1)..].Trim();
        if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'')
            fallback = fallback[1..^1];
        return variable(name[..comma].Trim()) ?? fallback;
    }

    /// <summary>Whether <paramref name="text"/> matches (ordinal, or ordinal ignoring case).</summary>
    public bool IsMatch(ReadOnlySpan<char> text, bool ignoreCase = false)
    {
        var pattern = _pattern.AsSpan();
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == Question || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == Star)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
                return false;
        }
        while (p < pattern.Length && pattern[p] == Star)
            p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    /// <summary>Matches once, without variables.</summary>
    public static bool IsMatch(string pattern, string text, bool ignoreCase = false) =>
        Compile(pattern)!.Value.IsMatch(text, ignoreCase);
}
