using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

/// <summary>
/// Reads IAM JSON policy documents into <see cref="PolicyDocument"/>s, making IAM's checks in IAM's order and failing
/// with its <c>MalformedPolicyDocument</c> texts: syntax (JSON, known elements, their types, Effect, one of Action/NotAction),
/// version, legacy parsing (Effect's case, dates, resource ARNs), unique Sids, actions and resources present, action
/// vendors; then the Principal rules of the document's <see cref="PolicyKind"/>. With <c>requireSupportedKeys</c> (what
/// IAM stores: inline, managed and trust policies) a condition key the local cloud never supplies is refused too.
/// </summary>
public static class PolicyDocumentParser
{
    /// <summary>The policy language version IAM requires.</summary>
    public const string CurrentVersion = "2012-10-17";

    private static readonly string[] Versions = ["2008-10-17", CurrentVersion];
    private static readonly HashSet<string> TopElements = new(StringComparer.Ordinal) { "Version", "Id", "Statement" };
    private static readonly HashSet<string> StatementElements = new(StringComparer.Ordinal)
    {
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    };

    /// <summary>Parses and checks <paramref name="json"/>; throws an <see cref="IamException"/> (MalformedPolicyDocument) when IAM would refuse it.</summary>
    public static PolicyDocument Parse(string json, PolicyKind kind = PolicyKind.Identity, bool requireSupportedKeys = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException)
        {
            throw IamErrors.SyntaxErrors();
        }
        using (parsed)
        {
            var raw = ReadSyntax(parsed.RootElement);
            if (raw.Version != CurrentVersion)
                throw IamErrors.VersionTooOld();
            foreach (var statement in raw.Statements)
                LegacyParse(statement);
            string? resourceError = null;
            foreach (var statement in raw.Statements)
                resourceError ??= ResourceFormatError(statement.Resources);
            var sids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in raw.Statements)
                if (!string.IsNullOrEmpty(statement.Sid) && !sids.Add(statement.Sid))
                    throw IamErrors.DuplicateSid();
            foreach (var statement in raw.Statements)
                if (statement.Actions is not { Length: > 0 })
                    throw IamErrors.NoActions();
            foreach (var statement in raw.Statements)
            {
                if (kind == PolicyKind.Identity && statement.Resources is not { Length: > 0 })
                    throw IamErrors.NoResources();
                if (kind == PolicyKind.Trust && statement.Resources is not null)
                    throw IamErrors.ProhibitedField(statement.IsNotResource ? "NotResource" : "Resource");
            }
            if (resourceError is not null)
                throw new IamException(IamErrorCodes.MalformedPolicyDocument, resourceError);
            foreach (var statement in raw.Statements)
                foreach (var action in statement.Actions!)
                    CheckVendor(action);
            foreach (var statement in raw.Statements)
            {
                if (kind == PolicyKind.Identity && statement.Principal is not null)
                    throw IamErrors.PrincipalInIdentityPolicy();
                if (kind == PolicyKind.Trust)
                {
                    if (statement.Principal is null)
                        throw IamErrors.MissingPrincipal();
                    CheckPrincipal(statement.Principal);
                }
            }
            if (requireSupportedKeys)
                foreach (var condition in raw.Statements.SelectMany(s => s.Conditions))
                    if (!ConditionKeys.IsSupported(condition.Key))
                        throw IamErrors.UnsupportedConditionKey(condition.Key, ConditionKeys.Describe());

            var positions = StatementPositions(json);
            return new PolicyDocument
            {
                Version = raw.Version,
                Id = raw.Id,
                Text = json,
                Statements = [.. raw.Statements.Select((s, i) => new PolicyStatement
                {
                    Index = i,
                    Sid = s.Sid,
                    Effect = s.Effect == "Allow" ? PolicyEffect.Allow : PolicyEffect.Deny,
                    Actions = s.Actions!.Value,
                    IsNotAction = s.IsNotAction,
                    Resources = s.Resources ?? [],
                    IsNotResource = s.IsNotResource,
                    Principal = s.Principal,
                    IsNotPrincipal = s.IsNotPrincipal,
                    Conditions = s.Conditions,
                    Start = i < positions.Count ? positions[i].Start : default,
                    End = i < positions.Count ? positions[i].End : default,
                })],
            };
        }
    }

    private sealed record RawDocument(string? Version, string? Id, List<RawStatement> Statements);

    private sealed record RawStatement(string? Sid, string Effect, ImmutableArray<string>? Actions, bool IsNotAction,
        ImmutableArray<string>? Resources, bool IsNotResource, PolicyPrincipal? Principal, bool IsNotPrincipal,
        ImmutableArray<PolicyCondition> Conditions);

    private static RawDocument ReadSyntax(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw IamErrors.SyntaxErrors();
        string? version = null, id = null;
        JsonElement? statementElement = null;
        foreach (var property in root.EnumerateObject())
        {
            if (!TopElements.Contains(property.Name))
                throw IamErrors.SyntaxErrors();
            switch (property.Name)
            {
                case "Version":
                    version = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw IamErrors.SyntaxErrors();
                    if (!Versions.Contains(version))
                        throw IamErrors.SyntaxErrors();
                    break;
                case "Id":
                    id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw IamErrors.SyntaxErrors();
                    break;
                default:
                    statementElement = property.Value;
                    break;
            }
        }
        if (statementElement is not { } statements)
            throw IamErrors.SyntaxErrors();
        var list = new List<RawStatement>();
        switch (statements.ValueKind)
        {
            case JsonValueKind.Object:
                list.Add(ReadStatement(statements));
                break;
            case JsonValueKind.Array:
                foreach (var item in statements.EnumerateArray())
                    list.Add(ReadStatement(item));
                break;
            default:
                throw IamErrors.SyntaxErrors();
        }
        if (list.Count == 0)
            throw IamErrors.SyntaxErrors();
        return new RawDocument(version, id, list);
    }

    private static RawStatement ReadStatement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw IamErrors.SyntaxErrors();
        string? sid = null, effect = null;
        ImmutableArray<string>? actions = null, resources = null;
        bool notAction = false, notResource = false, notPrincipal = false, hasAction = false, hasResource = false, hasPrincipal = false;
        PolicyPrincipal? principal = null;
        var conditions = ImmutableArray<PolicyCondition>.Empty;
        foreach (var property in element.EnumerateObject())
        {
            if (!StatementElements.Contains(property.Name))
                throw IamErrors.SyntaxErrors();
            var value = property.Value;
            switch (property.Name)
            {
                case "Sid":
                    sid = value.ValueKind == JsonValueKind.String ? value.GetString() : throw IamErrors.SyntaxErrors();
                    break;
                case "Effect":
                    effect = value.ValueKind == JsonValueKind.String ? value.GetString() : throw IamErrors.SyntaxErrors();
                    break;
                case "Action" or "NotAction":
                    if (hasAction) throw IamErrors.SyntaxErrors();
                    hasAction = true;
                    notAction = property.Name == "NotAction";
                    actions = StringOrList(value);
                    break;
                case "Resource" or "NotResource":
                    if (hasResource) throw IamErrors.SyntaxErrors();
                    hasResource = true;
                    notResource = property.Name == "NotResource";
                    resources = StringOrList(value);
                    break;
                case "Principal" or "NotPrincipal":
                    if (hasPrincipal) throw IamErrors.SyntaxErrors();
                    hasPrincipal = true;
                    notPrincipal = property.Name == "NotPrincipal";
                    principal = ReadPrincipal(value);
                    break;
                default:
                    conditions = ReadConditions(value);
                    break;
            }
        }
        if (effect is null || !(effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || effect.Equals("Deny", StringComparison.OrdinalIgnoreCase)))
            throw IamErrors.SyntaxErrors();
        return new RawStatement(sid, effect, actions, notAction, resources, notResource, principal, notPrincipal, conditions);
    }

    private static ImmutableArray<string> StringOrList(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
            return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array)
            throw IamErrors.SyntaxErrors();
        var items = ImmutableArray.CreateBuilder<string>();
        foreach (var item in value.EnumerateArray())
            items.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw IamErrors.SyntaxErrors());
        return items.ToImmutable();
    }

    private static PolicyPrincipal ReadPrincipal(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString() == "*" ? PolicyPrincipal.Everyone : throw IamErrors.InvalidPrincipal("AWS", value.GetString()!);
        if (value.ValueKind != JsonValueKind.Object)
            throw IamErrors.SyntaxErrors();
        var identifiers = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!PolicyPrincipal.Types.Contains(property.Name))
                throw IamErrors.SyntaxErrors();
            identifiers[property.Name] = StringOrList(property.Value);
        }
        return new PolicyPrincipal { Identifiers = identifiers.ToImmutable() };
    }

    private static ImmutableArray<PolicyCondition> ReadConditions(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw IamErrors.SyntaxErrors();
        var conditions = ImmutableArray.CreateBuilder<PolicyCondition>();
        foreach (var block in value.EnumerateObject())
        {
            if (block.Value.ValueKind != JsonValueKind.Object)
                throw IamErrors.SyntaxErrors();
            var pairs = new List<(string Key, ImmutableArray<string> Values)>();
            foreach (var pair in block.Value.EnumerateObject())
                pairs.Add((pair.Name, ConditionValues(pair.Value)));
            var op = ConditionOperator.TryParse(block.Name);
            if (op is null)
            {
                if (pairs.Count > 0)
                    throw IamErrors.SyntaxErrors();
                continue;
            }
            foreach (var (key, values) in pairs)
                conditions.Add(new PolicyCondition(op, key, values));
        }
        return conditions.ToImmutable();
    }

    /// <summary>A condition's values: a string, a number or a boolean (IAM reads them as their text), or a list of them.</summary>
    private static ImmutableArray<string> ConditionValues(JsonElement value)
    {
        static string Scalar(JsonElement item) => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.Number => item.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw IamErrors.SyntaxErrors(),
        };
        if (value.ValueKind != JsonValueKind.Array)
            return [Scalar(value)];
        return [.. value.EnumerateArray().Select(Scalar)];
    }

    private static void LegacyParse(RawStatement statement)
    {
        if (statement.Effect is not ("Allow" or "Deny")) // case-sensitive here, unlike the syntax check
            throw IamErrors.LegacyParsing();
        foreach (var condition in statement.Conditions)
            if (condition.Operator.Family == ConditionFamily.Date)
                foreach (var value in condition.Values)
                    if (ConditionValueParser.Date(value) is null)
                        throw IamErrors.LegacyParsing();
        foreach (var resource in statement.Resources ?? [])
        {
            if (resource == "*" || !resource.Contains(':'))
                continue;
            var colons = resource.Count(c => c == ':');
            if (colons < 5 && resource.Contains("::", StringComparison.Ordinal))
                throw IamErrors.LegacyParsing();
            var parts = resource.Split(':');
            if (parts.Length > 2 && parts[2].Length == 0)
                throw IamErrors.LegacyParsing();
        }
    }

    /// <summary>The first resource IAM refuses by its format (reported after the structural checks, as IAM does).</summary>
    private static string? ResourceFormatError(ImmutableArray<string>? resources)
    {
        foreach (var resource in resources ?? [])
        {
            if (resource == "*")
                continue;
            if (!resource.Contains(':'))
                return $"Resource {resource} must be in ARN format or \"*\".";
            var parts = resource.Split(':');
            if (parts.Length > 1 && parts[1] != "aws" && !parts[1].Contains('*'))
            {
                string Part(int i) => i < parts.Length && (parts[i].Length > 0 || parts.Length > i + 1) ? parts[i] : "*";
                var tail = parts.Length > 5 ? string.Join(':', parts[5..]) : "*";
                return $"Partition \"{parts[1]}\" is not valid for resource \"arn:{parts[1]}:{Part(2)}:{Part(3)}:{Part(4)}:{tail}\".";
            }
            if (parts.Length > 3 && parts[2] == "iam" && parts[3].Length > 0)
                return $"IAM resource {resource} cannot contain region information.";
            if (parts.Length > 3 && parts[2] == "s3" && parts[3].Length > 0)
                return $"Resource {resource} can not contain region information.";
        }
        return null;
    }

    private static void CheckVendor(string action)
    {
        var parts = action.Split(':');
        if (parts.Length == 1 && parts[0] != "*")
            throw IamErrors.ActionWithoutVendor();
        if (parts.Length > 2)
            throw IamErrors.ActionWithColons();
        if (parts[0] != "*" && parts[0].Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
            throw IamErrors.InvalidVendor(parts[0]);
    }

    private static void CheckPrincipal(PolicyPrincipal principal)
    {
        foreach (var (type, values) in principal.Identifiers)
            foreach (var value in values)
            {
                var valid = type switch
                {
                    "AWS" => value == "*" || (value.Length == 12 && value.All(char.IsAsciiDigit)) || value.StartsWith("arn:aws:iam::", StringComparison.Ordinal)
                             || value.StartsWith("arn:aws:sts::", StringComparison.Ordinal),
                    "Service" => value.Length > 0 && !value.Contains(' '),
                    _ => value.Length > 0,
                };
                if (!valid)
                    throw IamErrors.InvalidPrincipal(type, value);
            }
    }

    /// <summary>Where each statement object starts and ends in the text (1-based line and column).</summary>
    private static List<(PolicyPosition Start, PolicyPosition End)> StatementPositions(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        var found = new List<(PolicyPosition, PolicyPosition)>();
        var inStatement = false;
        var statementDepth = -1;
        long start = 0;
        while (reader.Read())
        {
            if (!inStatement)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("Statement"u8))
                {
                    inStatement = true;
                    reader.Read();
                    statementDepth = reader.TokenType == JsonTokenType.StartArray ? reader.CurrentDepth + 1 : reader.CurrentDepth;
                    if (reader.TokenType == JsonTokenType.StartObject)
                        start = reader.TokenStartIndex;
                }
                continue;
            }
            if (reader.CurrentDepth == statementDepth && reader.TokenType == JsonTokenType.StartObject)
                start = reader.TokenStartIndex;
            else if (reader.CurrentDepth == statementDepth && reader.TokenType == JsonTokenType.EndObject)
            {
                found.Add((PositionOf(bytes, start), PositionOf(bytes, reader.TokenStartIndex + 1)));
                if (statementDepth == 1)
                    break;
            }
            else if (reader.CurrentDepth < statementDepth && reader.TokenType == JsonTokenType.EndArray)
                break;
        }
        return found;
    }

    private static PolicyPosition PositionOf(byte[] bytes, long offset)
    {
        int line = 1, column = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
                column++;
        }
        return new PolicyPosition(line, column);
    }
}
