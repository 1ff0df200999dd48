using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Tests.Samples;
using Stepwise.Workflows.Tests.Support;

namespace Stepwise.Workflows.Tests.Core;

/// <summary>Every definition the tests emit is also accepted by the independent asl-validator npm package.</summary>
public class AslValidatorAgreementTests
{
    /// <summary>Definitions emitted by the SDK: the samples after a round trip, and machines built from steps.</summary>
    public static IEnumerable<(string Name, JsonNode Definition)> Emitted()
    {
        foreach (var (name, json) in Definitions.All) yield return (name, StateMachine.FromJson(json).ToJsonNode());
        foreach (var (name, machine) in BuiltMachines.All()) yield return (name, machine.ToJsonNode());
        foreach (var name in ReferenceVectors.Names.Where(n => ReferenceVectors.Get(n)["kind"]!.GetValue<string>() == "graph"))
            yield return (name, StateMachine.FromJson(ReferenceVectors.Expected(name).ToJsonString()).ToJsonNode());
    }

    [Fact]
    public void Asl_validator_accepts_every_emitted_definition()
    {
        var emitted = Emitted().ToList();
        var results = AslValidator.Validate([.. emitted.Select(e => e.Definition)]);
        var rejected = emitted.Zip(results).Where(p => !p.Second.IsValid).Select(p => $"{p.First.Name}: {p.Second.Errors}").ToList();
        Assert.True(rejected.Count == 0, string.Join("\n", rejected));
        Assert.True(emitted.Count >= 9, $"only {emitted.Count} definitions checked");
    }

    [Fact]
    public void Asl_validator_and_our_validator_both_reject_broken_definitions()
    {
        var broken = new[]
        {
            """{"StartAt":"A","States":{"A":{"Type":"Pas","End":true}}}""",
            """{"StartAt":"A","States":{"A":{"Type":"Pass"}}}""",
            """{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":"one","Next":"A"}]}}}""",
            """{"States":{"A":{"Type":"Pass","End":true}}}""",
        };
        var theirs = AslValidator.Validate([.. broken.Select(b => JsonNode.Parse(b)!)]);
        for (var i = 0; i < broken.Length; i++)
        {
            Assert.False(theirs[i].IsValid, $"asl-validator accepted {broken[i]}");
            Assert.False(StateMachine.Validate(broken[i]).IsValid, $"we accepted {broken[i]}");
        }
    }
}
