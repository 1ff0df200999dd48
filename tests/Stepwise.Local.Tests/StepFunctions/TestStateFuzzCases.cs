using System.Text.Json.Nodes;
using Stepwise.Local.Tests.Reliability;

namespace Stepwise.Local.Tests.TestStates;

/// <summary>TestState requests for the fuzz test: a state (alone or named in a machine) with any mix of the November 2025
/// fields (mock, stateName, context, variables, stateConfiguration, inspectionLevel, revealSecrets), each sometimes
/// well-formed, sometimes mutated, so that every refusal path of TestState is reached over the wire.</summary>
internal static class TestStateFuzzCases
{
    private static readonly string[] Resources =
    [
        "arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke.waitForTaskToken", "arn:aws:states:::sagemaker:createTrainingJob.sync",
        "arn:aws:states:::sagemaker:createTrainingJob", "arn:aws:states:::http:invoke", "arn:aws:states:us-east-1:123456789012:activity:a",
    ];

    private static readonly string[] Results =
    [
        """{"StatusCode":200,"Payload":{"a":1}}""", """{"StatusCode":"200"}""", """{"TrainingJobName":"j"}""", "[1,2,3]", "[]", "{}", "null", "{nope", "\"text\"",
        """{"TrainingJobName":"j","TrainingJobArn":"arn","ModelArtifacts":{"S3ModelArtifacts":"s3://b/k"},"TrainingJobStatus":"Completed","SecondaryStatus":"Completed","StoppingCondition":{},"CreationTime":"2025-01-01T00:00:00Z"}""",
    ];

    /// <summary>A TestState request over one of <paramref name="states"/>, or over a whole machine with a stateName.</summary>
    public static JsonObject Request(Mutator m, IReadOnlyList<JsonNode> states, IReadOnlyList<JsonObject> machines, string role, string input)
    {
        var request = new JsonObject { ["input"] = input };
        if (m.Random.Next(3) == 0)
        {
            var machine = m.Pick(machines);
            request["definition"] = Maybe(m, machine);
            var names = machine["States"]!.AsObject().Select(p => p.Key).ToList();
            request["stateName"] = m.Random.Next(5) == 0 ? m.RandomString() : m.Pick(names);
        }
        else
        {
            request["definition"] = Maybe(m, State(m, states));
        }
        if (m.Random.Next(3) > 0) request["roleArn"] = role;
        if (m.Random.Next(2) == 0) request["mock"] = Mock(m);
        if (m.Random.Next(4) == 0) request["context"] = m.Random.Next(3) == 0 ? m.RandomString() : """{"Execution":{"Name":"x"},"State":{"RetryCount":2}}""";
        if (m.Random.Next(4) == 0) request["variables"] = m.Random.Next(3) == 0 ? m.RandomString() : """{"base":10,"list":[1,2]}""";
        if (m.Random.Next(3) == 0) request["stateConfiguration"] = Configuration(m);
        if (m.Random.Next(2) == 0) request["inspectionLevel"] = m.Random.Next(6) == 0 ? m.RandomString() : m.Pick(["INFO", "DEBUG", "TRACE"]);
        if (m.Random.Next(6) == 0) request["revealSecrets"] = m.Random.Next(2) == 0;
        return request;
    }

    /// <summary>A definition as it is, or (one time in four) mutated.</summary>
    private static string Maybe(Mutator m, JsonNode definition) =>
        m.Random.Next(4) == 0 ? m.Mutate(definition.DeepClone())?.ToJsonString() ?? "null" : definition.ToJsonString();

    private static JsonNode State(Mutator m, IReadOnlyList<JsonNode> states) => m.Random.Next(3) switch
    {
        0 => new JsonObject
        {
            ["Type"] = "Task", ["Resource"] = m.Pick(Resources), ["End"] = true,
            ["Retry"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["MaxAttempts"] = m.Random.Next(-1, 4) }),
            ["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("E"), ["Next"] = "Handle" }),
        },
        1 => JsonNode.Parse("""
            {"Type":"Map","ItemsPath":"$.items","ToleratedFailureCount":1,"End":true,
             "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}
            """)!,
        _ => m.Pick(states).DeepClone(),
    };

    private static JsonNode? Mock(Mutator m)
    {
        var mock = new JsonObject();
        if (m.Random.Next(4) > 0) mock["result"] = m.Random.Next(8) == 0 ? m.RandomString() : m.Pick(Results);
        if (m.Random.Next(3) == 0) mock["errorOutput"] = new JsonObject { ["error"] = m.Random.Next(5) == 0 ? null : "MockException", ["cause"] = m.RandomString() };
        if (m.Random.Next(2) == 0) mock["fieldValidationMode"] = m.Random.Next(5) == 0 ? m.RandomString() : m.Pick(["STRICT", "PRESENT", "NONE"]);
        return m.Random.Next(5) == 0 ? m.Mutate(mock) : mock;
    }

    private static JsonNode? Configuration(Mutator m)
    {
        var configuration = new JsonObject();
        if (m.Random.Next(2) == 0) configuration["retrierRetryCount"] = m.Random.Next(-2, 6);
        if (m.Random.Next(2) == 0) configuration["mapIterationFailureCount"] = m.Random.Next(-2, 4);
        if (m.Random.Next(3) == 0) configuration["errorCausedByState"] = m.Random.Next(2) == 0 ? "P" : m.RandomString();
        if (m.Random.Next(3) == 0) configuration["mapItemReaderData"] = m.Random.Next(2) == 0 ? "[1,2,3]" : m.RandomString();
        return m.Random.Next(5) == 0 ? m.Mutate(configuration) : configuration;
    }
}
