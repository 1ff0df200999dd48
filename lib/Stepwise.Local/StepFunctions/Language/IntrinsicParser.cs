using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>Parses <c>States.Name(arg, …)</c> calls: quoted strings with <c>\'</c> <c>\{</c> <c>\}</c> <c>\\</c>
/// escapes, numbers, <c>true</c>/<c>false</c>/<c>null</c>, paths and nested calls.</summary>
internal sealed class IntrinsicParser
{
    private readonly string text;
    private int pos;

    private IntrinsicParser(string text) => this.text = text;

    public static IntrinsicExpression Parse(string text)
    {
        var parser = new IntrinsicParser(text);
        parser.SkipSpaces();
        var call = parser.ParseCall();
        parser.SkipSpaces();
        if (!parser.AtEnd) throw parser.Error($"unexpected '{parser.Current}' after the closing parenthesis");
        return call;
    }

    private bool AtEnd => pos >= text.Length;

    private char Current => pos < text.Length ? text[pos] : '\0';

    private FormatException Error(string reason) =>
        new($"Invalid intrinsic function call '{text}': {reason} at position {Math.Min(pos, text.Length)}.");

    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Current)) pos++;
    }

    private IntrinsicExpression ParseCall()
    {
        var start = pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '.' or '_')) pos++;
        var name = text[start..pos];
        if (name.Length == 0) throw Error("expected a function name such as States.Format");
        if (!IntrinsicFunctions.IsKnown(name))
        {
            pos = start;
            throw Error($"'{name}' is not an intrinsic function (known: {string.Join(", ", IntrinsicFunctions.Names)})");
        }
        SkipSpaces();
        if (Current != '(') throw Error($"expected '(' after {name}");
        pos++;
        var arguments = new List<IntrinsicArgument>();
        SkipSpaces();
        if (Current == ')')
        {
            pos++;
            return new IntrinsicExpression(text[start..pos], name, arguments);
        }
        while (true)
        {
            arguments.Add(ParseArgument());
            SkipSpaces();
            if (Current == ',')
            {
                pos++;
                continue;
            }
            if (Current == ')')
            {
                pos++;
                return new IntrinsicExpression(text[start..pos], name, arguments);
            }
            throw Error(AtEnd ? $"missing ')' to close {name}(" : $"expected ',' or ')' but found '{Current}'");
        }
    }

    private IntrinsicArgument ParseArgument()
    {
        SkipSpaces();
        var c = Current;
        if (c == '\'') return ParseString();
        if (c == '$') return ParsePath();
        if (c == '-' || char.IsAsciiDigit(c)) return new LiteralArgument(ParseNumber());
        if (char.IsAsciiLetter(c))
        {
            var start = pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '.' or '_')) pos++;
            var word = text[start..pos];
            switch (word)
            {
                case "true": return new LiteralArgument(JsonValue.Create(true));
                case "false": return new LiteralArgument(JsonValue.Create(false));
                case "null": return new LiteralArgument(null);
            }
            pos = start;
            return new CallArgument(ParseCall());
        }
        throw Error(AtEnd ? "missing argument" : $"unexpected '{c}' where an argument was expected");
    }

    private LiteralArgument ParseString()
    {
        pos++; // opening quote
        var value = new StringBuilder();
        var pieces = new List<string>();
        var piece = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("unterminated string literal (missing ')");
            var c = Current;
            pos++;
            if (c == '\'') break;
            if (c == '\\' && !AtEnd && Current is '\'' or '{' or '}' or '\\')
            {
                value.Append(Current);
                piece.Append(Current);
                pos++;
                continue;
            }
            if (c == '{' && Current == '}')
            {
                pos++;
                value.Append("{}");
                pieces.Add(piece.ToString());
                piece.Clear();
                continue;
            }
            value.Append(c);
            piece.Append(c);
        }
        pieces.Add(piece.ToString());
        return new LiteralArgument(JsonValue.Create(value.ToString()), pieces);
    }

    private PathArgument ParsePath()
    {
        var start = pos;
        var depth = 0;
        while (!AtEnd)
        {
            var c = Current;
            if (c is '\'' or '"')
            {
                SkipQuoted(c);
                continue;
            }
            if (c is '[' or '(') depth++;
            else if (c is ']' or ')')
            {
                if (depth == 0) break;
                depth--;
            }
            else if (c == ',' && depth == 0) break;
            pos++;
        }
        var path = text[start..pos].TrimEnd();
        try
        {
            ScopedPath.Parse(path);
        }
        catch (FormatException e)
        {
            pos = start;
            throw Error($"bad path argument ({e.Message})");
        }
        return new PathArgument(path);
    }

    private void SkipQuoted(char quote)
    {
        pos++;
        while (!AtEnd && Current != quote)
        {
            if (Current == '\\') pos++;
            pos++;
        }
        if (AtEnd) throw Error("unterminated quoted name in a path");
        pos++;
    }

    private JsonNode ParseNumber()
    {
        var start = pos;
        if (Current == '-') pos++;
        while (!AtEnd && (char.IsAsciiDigit(Current) || Current is '.' or 'e' or 'E' || (Current is '+' or '-' && text[pos - 1] is 'e' or 'E'))) pos++;
        var token = text.AsSpan(start, pos - start);
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) return JsonValue.Create(m);
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        pos = start;
        throw Error($"'{token}' is not a number");
    }
}
