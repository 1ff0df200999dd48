using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Environment.Tests;

/// <summary>Reads a CloudFormation YAML template into JSON, resolving what an account and region fix: <c>!Sub</c> of
/// the pseudo parameters becomes the string; other intrinsics stay in their JSON form (<c>{"Ref": …}</c>, <c>{"Fn::GetAtt": …}</c>).</summary>
internal static class CloudFormationYaml
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private static readonly Dictionary<string, string> Pseudo = new()
    {
        ["AWS::AccountId"] = Account,
        ["AWS::Region"] = Region,
        ["AWS::Partition"] = "aws",
        ["AWS::URLSuffix"] = "amazonaws.com",
    };

    public static JsonObject Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (JsonObject)Convert(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        JsonNode? value = node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
            YamlScalarNode scalar => scalar.Value is { } s ? JsonValue.Create(s) : null,
            _ => throw new NotSupportedException(node.GetType().Name),
        };
        return tag switch
        {
            null or "tag:yaml.org,2002:str" => value,
            "!Sub" when value is JsonValue v => Substitute((string)v!),
            "!Ref" when value is JsonValue v && Pseudo.TryGetValue((string)v!, out var pseudo) => pseudo,
            "!Ref" => new JsonObject { ["Ref"] = value },
            "!GetAtt" when value is JsonValue v => new JsonObject { ["Fn::GetAtt"] = new JsonArray([.. ((string)v!).Split('.', 2).Select(p => (JsonNode)p)]) },
            _ => new JsonObject { ["Fn::" + tag.TrimStart('!')] = value },
        };
    }

    /// <summary><c>${AWS::…}</c> replaced; any other <c>${Name}</c> kept, so a test sees what it refers to.</summary>
    public static string Substitute(string text)
    {
        foreach (var (name, value) in Pseudo)
            text = text.Replace("${" + name + "}", value, StringComparison.Ordinal);
        return text;
    }
}
