using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>A hand-written recursive-descent parser for Jayway-flavored JSONPath, filters included.</summary>
internal sealed class JsonPathParser
{
    private const string FilterStops = "<>=!&|),] \t\r\n";

    private readonly string text;
    private int pos;

    private JsonPathParser(string text) => this.text = text;

    /// <summary>Parses a whole path that must start with <c>$</c>; throws <see cref="FormatException"/>.</summary>
    public static JsonPathExpression Parse(string text)
    {
        var parser = new JsonPathParser(text);
        if (text.Length == 0) throw parser.Error("the path is empty");
        if (text[0] != '$') throw parser.Error("a path must start with '$'");
        var path = parser.ParsePath(inFilter: false);
        if (parser.pos < text.Length) throw parser.Error($"unexpected character '{text[parser.pos]}'");
        return path;
    }

    private FormatException Error(string reason) =>
        new($"Invalid JSONPath '{text}': {reason} at position {Math.Min(pos, text.Length)}.");

    private bool AtEnd => pos >= text.Length;

    private char Current => pos < text.Length ? text[pos] : '\0';

    private char Peek(int offset = 1) => pos + offset < text.Length ? text[pos + offset] : '\0';

    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Current)) pos++;
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Current != c) throw Error(AtEnd ? $"expected '{c}' but the path ended" : $"expected '{c}' but found '{Current}'");
        pos++;
    }

    /// <summary>Parses <c>$…</c> or <c>@…</c> from the current position.</summary>
    private JsonPathExpression ParsePath(bool inFilter)
    {
        var start = pos;
        pos++; // '$' or '@'
        var segments = new List<JsonPathSegment>();
        JsonPathFunction? function = null;
        while (!AtEnd && function is null)
        {
            var c = Current;
            if (c == '.' && Peek() == '.')
            {
                pos += 2;
                segments.Add(new DescendantSegment(ParseDescendantSelector(inFilter)));
            }
            else if (c == '.')
            {
                pos++;
                if (Current == '*')
                {
                    pos++;
                    segments.Add(WildcardSegment.Instance);
                    continue;
                }
                var name = ReadDotName(inFilter);
                if (Current == '(')
                {
                    function = ParseFunction(name);
                }
                else
                {
                    segments.Add(new PropertySegment(name));
                }
            }
            else if (c == '[')
            {
                segments.Add(ParseBracket());
            }
            else if (inFilter)
            {
                break;
            }
            else
            {
                throw Error($"unexpected character '{c}'");
            }
        }
        if (function is null && segments.Count > 0 && segments[^1] is PropertyUnionSegment union)
            segments[^1] = new PropertyUnionSegment(union.Names, merge: true);
        return new JsonPathExpression(text[start..pos], [.. segments], function);
    }

    private JsonPathSegment ParseDescendantSelector(bool inFilter)
    {
        if (Current == '*')
        {
            pos++;
            return WildcardSegment.Instance;
        }
        if (Current == '[') return ParseBracket();
        if (Current == '.') throw Error("'...' is not valid");
        return new PropertySegment(ReadDotName(inFilter));
    }

    private string ReadDotName(bool inFilter)
    {
        var start = pos;
        while (!AtEnd)
        {
            var c = Current;
            if (c is '.' or '[' or '(') break;
            if (inFilter && FilterStops.Contains(c)) break;
            if (char.IsWhiteSpace(c)) throw Error("use bracket notation ['my prop'] for a property name with blank characters");
            pos++;
        }
        if (pos == start) throw Error(AtEnd ? "a property name is missing at the end" : $"expected a property name but found '{Current}'");
        return text[start..pos];
    }

    private JsonPathFunction ParseFunction(string name)
    {
        pos++; // '('
        Expect(')');
        if (!JsonPathFunction.TryCreate(name, out var function))
        {
            pos -= name.Length + 2;
            throw Error($"unknown function '{name}()' (known: {JsonPathFunction.KnownNames})");
        }
        return function!;
    }

    private JsonPathSegment ParseBracket()
    {
        pos++; // '['
        SkipSpaces();
        JsonPathSegment segment;
        switch (Current)
        {
            case '*':
                pos++;
                segment = WildcardSegment.Instance;
                break;
            case '?':
                pos++;
                SkipSpaces();
                segment = new FilterSegment(ParseOr());
                break;
            case '\'' or '"':
                segment = ParseNames();
                break;
            case var c when c == '-' || c == ':' || char.IsAsciiDigit(c):
                segment = ParseIndexes();
                break;
            case '\0':
                throw Error("the path ended inside '[...]'");
            default:
                throw Error($"unexpected '{Current}' inside '[...]'");
        }
        Expect(']');
        return segment;
    }

    private JsonPathSegment ParseNames()
    {
        var names = new List<string> { ReadQuoted() };
        SkipSpaces();
        while (Current == ',')
        {
            pos++;
            SkipSpaces();
            if (Current is not ('\'' or '"')) throw Error("expected a quoted property name after ','");
            names.Add(ReadQuoted());
            SkipSpaces();
        }
        return names.Count == 1 ? new PropertySegment(names[0]) : new PropertyUnionSegment(names, merge: false);
    }

    private string ReadQuoted()
    {
        var quote = Current;
        pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error($"unterminated string (missing {quote})");
            var c = Current;
            pos++;
            if (c == quote) return value.ToString();
            if (c == '\\' && !AtEnd)
            {
                var escaped = Current;
                pos++;
                value.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => escaped });
                continue;
            }
            value.Append(c);
        }
    }

    private JsonPathSegment ParseIndexes()
    {
        var first = ReadOptionalInt();
        SkipSpaces();
        if (Current == ':')
        {
            pos++;
            SkipSpaces();
            var end = ReadOptionalInt();
            SkipSpaces();
            int? step = null;
            if (Current == ':')
            {
                pos++;
                SkipSpaces();
                step = ReadOptionalInt();
                if (step == 0) throw Error("a slice step cannot be 0");
            }
            return new SliceSegment(first, end, step);
        }
        if (first is null) throw Error("expected an index");
        if (Current != ',') return new IndexSegment(first.Value);
        var indexes = new List<int> { first.Value };
        while (Current == ',')
        {
            pos++;
            SkipSpaces();
            indexes.Add(ReadOptionalInt() ?? throw Error("expected an index after ','"));
            SkipSpaces();
        }
        return new IndexUnionSegment(indexes);
    }

    private int? ReadOptionalInt()
    {
        var start = pos;
        if (Current == '-') pos++;
        while (char.IsAsciiDigit(Current)) pos++;
        if (pos == start) return null;
        if (!int.TryParse(text.AsSpan(start, pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            pos = start;
            throw Error("expected an integer index");
        }
        return value;
    }

    // Filter grammar:  or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | '(' or ')' | comparison

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (TryConsume("||")) left = new OrFilter(left, ParseAnd());
        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        while (TryConsume("&&")) left = new AndFilter(left, ParseUnary());
        return left;
    }

    private FilterExpression ParseUnary()
    {
        SkipSpaces();
        if (Current == '!' && Peek() != '=')
        {
            pos++;
            return new NotFilter(ParseUnary());
        }
        if (Current == '(')
        {
            pos++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }
        return ParseComparison();
    }

    private FilterExpression ParseComparison()
    {
        var left = ParseOperand();
        SkipSpaces();
        var op = TryReadOperator();
        if (op is null)
        {
            if (left is PathOperand path) return new ExistsFilter(path);
            throw Error("expected a comparison operator after a literal");
        }
        SkipSpaces();
        FilterOperand right;
        if (op == FilterOperator.Matches)
        {
            if (Current != '/') throw Error("expected a /regex/ after '=~'");
            right = ReadRegex();
        }
        else
        {
            right = ParseOperand();
        }
        return new ComparisonFilter(left, op.Value, right);
    }

    private FilterOperator? TryReadOperator()
    {
        if (TryConsume("==")) return FilterOperator.Equal;
        if (TryConsume("!=")) return FilterOperator.NotEqual;
        if (TryConsume("<=")) return FilterOperator.LessOrEqual;
        if (TryConsume(">=")) return FilterOperator.GreaterOrEqual;
        if (TryConsume("=~")) return FilterOperator.Matches;
        if (TryConsume("<")) return FilterOperator.Less;
        if (TryConsume(">")) return FilterOperator.Greater;
        if (TryConsumeWord("in")) return FilterOperator.In;
        if (TryConsumeWord("nin")) return FilterOperator.NotIn;
        if (TryConsumeWord("size")) return FilterOperator.Size;
        if (TryConsumeWord("empty")) return FilterOperator.Empty;
        if (TryConsumeWord("contains")) return FilterOperator.Contains;
        return null;
    }

    private bool TryConsume(string token)
    {
        SkipSpaces();
        if (string.CompareOrdinal(text, pos, token, 0, token.Length) != 0) return false;
        pos += token.Length;
        return true;
    }

    private bool TryConsumeWord(string word)
    {
        var end = pos + word.Length;
        if (string.CompareOrdinal(text, pos, word, 0, word.Length) != 0 || (end < text.Length && char.IsLetterOrDigit(text[end]))) return false;
        pos = end;
        return true;
    }

    private FilterOperand ParseOperand()
    {
        SkipSpaces();
        var c = Current;
        if (c is '@' or '$') return new PathOperand(ParsePath(inFilter: true), relative: c == '@');
        return new LiteralOperand(ParseLiteral());
    }

    private JsonNode? ParseLiteral()
    {
        SkipSpaces();
        var c = Current;
        if (c is '\'' or '"') return JsonValue.Create(ReadQuoted());
        if (c == '[')
        {
            pos++;
            var items = new JsonArray();
            SkipSpaces();
            if (Current != ']')
            {
                items.Add(ParseLiteral());
                while (TryConsume(",")) items.Add(ParseLiteral());
            }
            Expect(']');
            return items;
        }
        if (c == '-' || char.IsAsciiDigit(c)) return ReadNumber();
        if (TryConsumeWord("true")) return JsonValue.Create(true);
        if (TryConsumeWord("false")) return JsonValue.Create(false);
        if (TryConsumeWord("null")) return null;
        throw Error(AtEnd ? "the filter ended where a value was expected" : $"expected a value but found '{c}'");
    }

    private JsonNode ReadNumber()
    {
        var start = pos;
        if (Current == '-') pos++;
        while (char.IsAsciiDigit(Current) || Current is '.' or 'e' or 'E' || (Current is '+' or '-' && text[pos - 1] is 'e' or 'E')) pos++;
        var token = text.AsSpan(start, pos - start);
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) return JsonValue.Create(m);
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        pos = start;
        throw Error("invalid number");
    }

    private RegexOperand ReadRegex()
    {
        pos++; // '/'
        var pattern = new StringBuilder();
        while (Current != '/')
        {
            if (AtEnd) throw Error("unterminated regular expression");
            if (Current == '\\' && Peek() == '/')
            {
                pos++;
            }
            pattern.Append(Current);
            pos++;
        }
        pos++;
        var flagsStart = pos;
        while (char.IsAsciiLetter(Current)) pos++;
        try
        {
            return new RegexOperand(pattern.ToString(), text[flagsStart..pos]);
        }
        catch (ArgumentException e)
        {
            throw Error($"invalid regular expression: {e.Message}");
        }
    }
}
