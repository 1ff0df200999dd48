using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Host;

/// <summary>
/// The shapes against botocore's service model (Debian's, and the newer copy in the Google Cloud SDK when present): every
/// member of every shape reachable from our operations exists under the model's name, with the model's type and required-ness.
/// </summary>
public class ServiceModelConformanceTests
{
    private static readonly string[] Models =
    [
        "/usr/lib/python3/dist-packages/botocore/data/stepfunctions/2016-11-23/service-2.json",
        "/usr/lib/google-cloud-sdk/lib/third_party/botocore/data/stepfunctions/2016-11-23/service-2.json",
    ];

    /// <summary>Members AWS has since made optional (the newest model, which the shapes follow, no longer requires them).</summary>
    private static readonly HashSet<string> NoLongerRequired = ["TestStateInput.roleArn"];

    public static TheoryData<string> ModelPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Models.Where(File.Exists))
            data.Add(path);
        if (data.Count == 0)
            data.Add(""); // no botocore here: the theory passes vacuously rather than failing to discover
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelPaths))]
    public void Shapes_match_the_botocore_model(string modelPath)
    {
        if (modelPath.Length == 0)
            return;
        var model = JsonNode.Parse(File.ReadAllText(modelPath))!;
        var shapes = model["shapes"]!.AsObject();
        var problems = new List<string>();
        var seen = new HashSet<string>();
        foreach (var method in typeof(IStepFunctions).GetMethods())
        {
            var operation = model["operations"]![method.Name[..^"Async".Length]];
            if (operation is null)
                continue; // newer than this model
            Check((string)operation["input"]!["shape"]!, method.GetParameters()[0].ParameterType);
            Check((string)operation["output"]!["shape"]!, method.ReturnType.GetGenericArguments()[0]);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        void Check(string shapeName, Type type)
        {
            if (!seen.Add(shapeName))
                return;
            if (type.Name != shapeName)
                problems.Add($"{shapeName}: C# type is {type.Name}");
            var shape = shapes[shapeName]!;
            var required = shape["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
            var properties = type.GetProperties().ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? "?");
            foreach (var (member, spec) in shape["members"]!.AsObject())
            {
                if (!properties.TryGetValue(member, out var property))
                {
                    problems.Add($"{shapeName}.{member}: missing");
                    continue;
                }
                var isRequired = property.GetCustomAttribute<RequiredMemberAttribute>() is not null;
                if (isRequired != required.Contains(member) && !NoLongerRequired.Contains($"{shapeName}.{member}"))
                    problems.Add($"{shapeName}.{member}: required is {isRequired} in C#, {required.Contains(member)} in the model");
                CheckType($"{shapeName}.{member}", (string)spec!["shape"]!, property.PropertyType);
            }
        }

        void CheckType(string where, string targetName, Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var target = shapes[targetName]!;
            var expected = (string)target["type"]!;
            var ok = expected switch
            {
                "string" => type == typeof(string),
                "integer" => type == typeof(int),
                "long" => type == typeof(long),
                "float" or "double" => type == typeof(double),
                "boolean" => type == typeof(bool),
                "timestamp" => type == typeof(DateTimeOffset),
                "list" => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>),
                "map" => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>),
                "structure" => true,
                _ => false,
            };
            if (!ok)
                problems.Add($"{where}: model type {expected} ({targetName}), C# {type.Name}");
            else if (expected == "structure")
                Check(targetName, type);
            else if (expected == "list")
                CheckType(where + "[]", (string)target["member"]!["shape"]!, type.GetGenericArguments()[0]);
            else if (expected == "map")
                CheckType(where + "{}", (string)target["value"]!["shape"]!, type.GetGenericArguments()[1]);
        }
    }

    [Fact]
    public void HistoryEventType_knows_every_type_of_the_model()
    {
        foreach (var path in Models.Where(File.Exists))
        {
            var values = JsonNode.Parse(File.ReadAllText(path))!["shapes"]!["HistoryEventType"]!["enum"]!.AsArray().Select(v => (string)v!);
            Assert.Empty(values.Except(HistoryEventType.Values));
        }
    }
}
