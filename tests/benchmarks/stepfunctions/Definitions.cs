using System.Text.Json.Nodes;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>The ASL definitions both engines run, and how many states each execution enters: the one measure of a
/// state transition used for both sides.</summary>
public static class Definitions
{
    /// <summary>(a) <paramref name="length"/> Pass states in a row; enters <paramref name="length"/> states.</summary>
    public static JsonObject PassChain(int length)
    {
        var states = new JsonObject();
        for (var i = 0; i < length; i++)
        {
            states[$"Step{i}"] = i < length - 1
                ? new JsonObject { ["Type"] = "Pass", ["Next"] = $"Step{i + 1}" }
                : new JsonObject { ["Type"] = "Pass", ["End"] = true };
        }
        return new JsonObject { ["StartAt"] = "Step0", ["States"] = states };
    }

    /// <summary>(b) A Map over <c>$.items</c> whose iterations choose on a number and end in one of two Pass states;
    /// enters 1 + 2 × items states. Distributed mode keeps the iterations out of the parent's history, which AWS
    /// caps at 25,000 events (an inline Map over 10,000 items writes 60,000).</summary>
    public static JsonObject ChoiceMap(bool distributed)
    {
        var processor = new JsonObject
        {
            ["StartAt"] = "Classify",
            ["States"] = new JsonObject
            {
                ["Classify"] = new JsonObject
                {
                    ["Type"] = "Choice",
                    ["Choices"] = new JsonArray(new JsonObject { ["Variable"] = "$.n", ["NumericLessThan"] = 5000, ["Next"] = "Low" }),
                    ["Default"] = "High",
                },
                ["Low"] = new JsonObject { ["Type"] = "Pass", ["Result"] = "low", ["End"] = true },
                ["High"] = new JsonObject { ["Type"] = "Pass", ["Result"] = "high", ["End"] = true },
            },
        };
        if (distributed) processor["ProcessorConfig"] = new JsonObject { ["Mode"] = "DISTRIBUTED", ["ExecutionType"] = "STANDARD" };
        return new JsonObject
        {
            ["StartAt"] = "EachItem",
            ["States"] = new JsonObject
            {
                ["EachItem"] = new JsonObject { ["Type"] = "Map", ["ItemsPath"] = "$.items", ["ItemProcessor"] = processor, ["End"] = true },
            },
        };
    }

    /// <summary>The input of <see cref="ChoiceMap"/>: items <c>{"n": 0}</c> … <c>{"n": count - 1}</c>.</summary>
    public static JsonObject ChoiceMapInput(int count) =>
        new() { ["items"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["n"] = i })]) };

    /// <summary>(b)'s expected output: "low" for n &lt; 5000, else "high".</summary>
    public static (int Low, int High) ChoiceMapExpected(int count) => (Math.Min(count, 5000), Math.Max(0, count - 5000));

    /// <summary>(c) Three Pass states that each add a field; enters 3 states.</summary>
    public static JsonObject SmallMachine() => new()
    {
        ["StartAt"] = "First",
        ["States"] = new JsonObject
        {
            ["First"] = new JsonObject { ["Type"] = "Pass", ["Result"] = 1, ["ResultPath"] = "$.first", ["Next"] = "Second" },
            ["Second"] = new JsonObject { ["Type"] = "Pass", ["Result"] = 2, ["ResultPath"] = "$.second", ["Next"] = "Third" },
            ["Third"] = new JsonObject { ["Type"] = "Pass", ["Result"] = 3, ["ResultPath"] = "$.third", ["End"] = true },
        },
    };

    public const int SmallMachineStates = 3;
}
