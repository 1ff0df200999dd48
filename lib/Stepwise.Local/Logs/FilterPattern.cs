namespace Stepwise.Local.Logs;

/// <summary>
/// The subset of CloudWatch Logs filter pattern syntax that local logs evaluate: plain terms (<c>ERROR</c>) and quoted
/// phrases (<c>"Out of memory"</c>), separated by spaces; an event matches when its message contains every one of them,
/// case-sensitively (<c>ERROR timeout</c> is ERROR AND timeout). An empty pattern matches everything.
/// Not supported, and refused with InvalidParameterException rather than matched differently from AWS: JSON patterns
/// (<c>{ $.level = "x" }</c>), space-delimited patterns (<c>[ip, user, …]</c>), <c>?term</c> (OR), <c>-term</c>
/// (exclusion), <c>%regex%</c>, and <c>*</c> wildcards. Terms match as substrings, where AWS matches whole tokens of
/// alphanumerics; a term that AWS would split (contains punctuation) must be quoted there too.
/// </summary>
internal sealed class FilterPattern
{
    private readonly string[] _terms;

    private FilterPattern(string[] terms) => _terms = terms;

    public static FilterPattern Parse(string? pattern)
    {
        var text = pattern?.Trim() ?? "";
        if (text.Length == 0) return new FilterPattern([]);
        if (text[0] is '{' or '[') throw LogsErrors.UnsupportedFilterPattern(pattern!, text[0] == '{' ? "JSON patterns are not supported" : "space-delimited patterns are not supported");
        var terms = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }
            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) throw LogsErrors.UnsupportedFilterPattern(pattern!, "a quoted phrase is not closed");
                if (end == i + 1) throw LogsErrors.UnsupportedFilterPattern(pattern!, "a quoted phrase is empty");
                terms.Add(text[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var stop = text.IndexOf(' ', i);
            var term = stop < 0 ? text[i..] : text[i..stop];
            if (term[0] is '?' or '-') throw LogsErrors.UnsupportedFilterPattern(pattern!, $"'{term[0]}' terms (OR / exclusion) are not supported");
            if (term.IndexOfAny(['%', '*', '"', '{', '}', '[', ']']) >= 0)
                throw LogsErrors.UnsupportedFilterPattern(pattern!, $"the term '{term}' uses syntax that is not supported; quote it to match it literally");
            terms.Add(term);
            i += term.Length;
        }
        return new FilterPattern([.. terms]);
    }

    public bool Matches(string message)
    {
        foreach (var term in _terms)
            if (!message.Contains(term, StringComparison.Ordinal)) return false;
        return true;
    }
}
