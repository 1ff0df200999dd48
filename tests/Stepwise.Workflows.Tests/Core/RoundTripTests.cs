using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Tests.Samples;
using static Stepwise.Workflows.Tests.ReferenceVectors;

namespace Stepwise.Workflows.Tests.Core;

/// <summary>FromJson reads any valid ASL into the object model and ToJson writes it back unchanged.</summary>
public class RoundTripTests
{
    public static TheoryData<string> SampleNames => [.. Definitions.All.Keys];

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_round_trips_to_identical_json(string name)
    {
        var original = JsonNode.Parse(Definitions.All[name])!;
        var machine = StateMachine.FromJson(Definitions.All[name]);
        AssertJsonEqual(original, machine.ToJsonNode());
        AssertJsonEqual(original, StateMachine.FromJson(machine.ToJson()).ToJsonNode());
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_is_valid(string name) => Assert.True(StateMachine.Validate(Definitions.All[name]).IsValid, StateMachine.Validate(Definitions.All[name]).ToString());

    [Fact]
    public void Kitchen_sink_reads_into_typed_states()
    {
        var machine = StateMachine.FromJson(Definitions.JsonPathKitchenSink);
        var train = Assert.IsType<TaskState>(machine["Train"]);
        Assert.Equal(4.0, train.Retry[0].BackoffRate);
        Assert.Equal("FULL", train.Retry[0].JitterStrategy);
        Assert.True(train.Catch[1].ResultPath!.Value.IsDiscard);
        var decide = Assert.IsType<ChoiceState>(machine["Decide"]);
        Assert.IsType<OrRule>(decide.Choices[2].Rule);
        Assert.Equal("Succeeded", decide.Default);
        var fan = Assert.IsType<ParallelState>(machine["Fan out"]);
        Assert.Equal(2, fan.Branches.Length);
        var each = Assert.IsType<MapState>(machine["Each"]);
        Assert.Equal("INLINE", each.ProcessorConfig!.Mode);
        Assert.Equal(["Prepare", "Train", "Decide", "Wait a bit", "Wait until", "Fan out", "B1", "B2", "B3", "Each", "Square", "TimedOut", "Failed", "Succeeded"],
            machine.AllStates().Select(s => s.Name));
    }

    [Fact]
    public void Key_order_is_fields_then_Type_then_transition_then_Retry_and_Catch()
    {
        var json = StateMachine.FromJson(Definitions.JsonPathKitchenSink).ToJsonNode();
        var train = json["States"]!["Train"]!.AsObject().Select(p => p.Key).ToList();
        Assert.True(train.IndexOf("Parameters") < train.IndexOf("Type"));
        Assert.Equal(["Type", "Next", "Retry", "Catch"], train.Skip(train.IndexOf("Type")));
    }
    [Fact]
    public void An_explicit_null_Output_is_kept_apart_from_an_absent_one_and_round_trips()
    {
        const string json = """
            {"QueryLanguage":"JSONata","StartAt":"A","States":{
              "A":{"Type":"Pass","Output":null,"Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Condition":"{% true %}","Output":null,"Next":"B"}],"Default":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Output":null,"Next":"D"}],"Next":"D"},
              "D":{"Type":"Succeed"}}}
            """;
        var machine = StateMachine.FromJson(json);
        Assert.True(machine["A"].NullOutput);
        Assert.Null(machine["A"].Output);
        Assert.False(machine["D"].NullOutput);
        Assert.True(Assert.IsType<ChoiceState>(machine["C"]).Choices[0].NullOutput);
        Assert.True(Assert.IsType<TaskState>(machine["B"]).Catch[0].NullOutput);
        var written = machine.ToJsonNode();
        AssertJsonEqual(JsonNode.Parse(json)!, written);
        Assert.True(written["States"]!["A"]!.AsObject().ContainsKey("Output"));
        Assert.False(written["States"]!["D"]!.AsObject().ContainsKey("Output"));
        // Immutable: a copy without it writes no Output at all.
        Assert.False((machine["A"] with { NullOutput = false }).NullOutput);
        Assert.True(machine["A"].NullOutput);
    }

    [Fact]
    public void An_explicit_null_Output_is_refused_in_a_JSONPath_state()
    {
        const string json = """{"StartAt":"A","States":{"A":{"Type":"Pass","Output":null,"End":true}}}""";
        var result = StateMachine.Validate(json);
        Assert.False(result.IsValid, result.ToString());
        Assert.Contains("'Output'", result.ToString());
    }

    [Fact]
    public void A_literal_boolean_Condition_is_written_back_as_a_boolean_and_a_string_one_as_a_string()
    {
        const string json = """
            {"QueryLanguage":"JSONata","StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"Condition":true,"Next":"D"},{"Condition":"true","Next":"D"},{"Condition":"{% false %}","Next":"D"}],"Default":"D"},
              "D":{"Type":"Succeed"}}}
            """;
        var machine = StateMachine.FromJson(json);
        var rules = Assert.IsType<ChoiceState>(machine["C"]).Choices.Select(c => Assert.IsType<ConditionRule>(c.Rule)).ToList();

        Assert.Equal([true, false, false], rules.Select(r => r.IsLiteral));
        AssertJsonEqual(JsonNode.Parse(json)!, machine.ToJsonNode());
    }
}
