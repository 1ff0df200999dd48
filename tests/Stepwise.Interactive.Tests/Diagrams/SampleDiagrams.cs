using Stepwise.Interactive.Diagrams;

namespace Stepwise.Interactive.Tests.Diagrams;

/// <summary>Diagrams shaped like real state machines, shared by the layout and rendering tests.</summary>
internal static class SampleDiagrams
{
    public static DiagramNode Start => new("Start", "Start", NodeKind.Start);

    public static DiagramNode End => new("End", "End", NodeKind.End);

    public static DiagramNode Task(string id) => new(id, id, NodeKind.Task);

    /// <summary>The Python SDK's ML pipeline example: build, train, save, deploy, with a Catch to a Fail state.</summary>
    public static Diagram MlPipeline(bool withStatus = false)
    {
        const string build = "Calls CodeBuild to Build Container";
        NodeStatus? Status(NodeStatus status) => withStatus ? status : null;
        return new Diagram(
            [
                Start,
                Task(build) with { Status = Status(NodeStatus.Succeeded), Tooltip = "arn:aws:lambda:us-east-1:123456789012:function:build" },
                new DiagramNode("LambdaTaskFailed", "LambdaTaskFailed", NodeKind.Fail) { Status = Status(NodeStatus.NotStarted) },
                Task("Training Step") with { Status = Status(NodeStatus.Succeeded) },
                Task("Save Model") with { Status = Status(NodeStatus.Caught) },
                Task("Create Endpoint Config") with { Status = Status(NodeStatus.InProgress) },
                Task("Create Endpoint") with { Status = Status(NodeStatus.NotStarted) },
                End,
            ],
            [
                new("Start", build),
                new(build, "Training Step"),
                new(build, "LambdaTaskFailed", "Catch: States.ALL", EdgeStyle.Catch),
                new("Training Step", "Save Model"),
                new("Save Model", "Create Endpoint Config"),
                new("Create Endpoint Config", "Create Endpoint"),
                new("Create Endpoint", "End"),
            ],
            "ML pipeline");
    }

    /// <summary>A Parallel with three branches (one with a Choice) feeding a Map, then a Choice to Succeed or Fail.</summary>
    public static Diagram ParallelAndMap(bool withStatus = false)
    {
        NodeStatus? Status(NodeStatus status) => withStatus ? status : null;
        var clean = new Diagram(
            [Task("Clean rows") with { Status = Status(NodeStatus.Succeeded) }, Task("Normalize") with { Status = Status(NodeStatus.Succeeded) }],
            [new("Clean rows", "Normalize")],
            "Branch 1");
        var features = new Diagram([Task("Extract features") with { Status = Status(NodeStatus.Failed) }], [], "Branch 2");
        var route = new Diagram(
            [
                new DiagramNode("Which source?", "Which source?", NodeKind.Choice) { Status = Status(NodeStatus.Succeeded) },
                Task("Read S3") with { Status = Status(NodeStatus.Succeeded) },
                Task("Read DynamoDB") with { Status = Status(NodeStatus.Cancelled) },
            ],
            [
                new("Which source?", "Read S3", "$.source == \"s3\""),
                new("Which source?", "Read DynamoDB", "Default", EdgeStyle.Default),
            ],
            "Branch 3");
        var processor = new Diagram(
            [
                Task("Load item"),
                new DiagramNode("Wait for quota", "Wait for quota", NodeKind.Wait),
                Task("Score item"),
            ],
            [new("Load item", "Wait for quota"), new("Wait for quota", "Score item")]);
        return new Diagram(
            [
                Start,
                new DiagramNode("Prepare data", "Prepare data", NodeKind.Pass) { Status = Status(NodeStatus.Succeeded) },
                new DiagramNode("Preprocess", "Preprocess", NodeKind.Parallel) { Children = [clean, features, route], Status = Status(NodeStatus.Caught) },
                new DiagramNode("Score each item", "Score each item", NodeKind.Map) { Children = [processor], Status = Status(NodeStatus.NotStarted) },
                new DiagramNode("Good enough?", "Good enough?", NodeKind.Choice),
                new DiagramNode("Done", "Done", NodeKind.Succeed),
                new DiagramNode("Rejected", "Rejected", NodeKind.Fail),
                Task("Notify on-call"),
                End,
            ],
            [
                new("Start", "Prepare data"),
                new("Prepare data", "Preprocess"),
                new("Preprocess", "Score each item"),
                new("Preprocess", "Notify on-call", "Catch: States.ALL", EdgeStyle.Catch),
                new("Score each item", "Good enough?"),
                new("Good enough?", "Done", "$.score >= 0.9"),
                new("Good enough?", "Rejected", "Default", EdgeStyle.Default),
                new("Notify on-call", "Rejected"),
                new("Done", "End"),
                new("Rejected", "End"),
            ],
            "Parallel and Map");
    }

    /// <summary>The classic job poller: submit, wait, check, and a Choice that loops back, fails or finishes; a self-retrying Catch.</summary>
    public static Diagram PollingLoop() => new(
        [
            Start,
            Task("Submit Job") with { Tooltip = "arn:aws:states:::batch:submitJob" },
            new DiagramNode("Wait X Seconds", "Wait X Seconds", NodeKind.Wait),
            Task("Get Job Status"),
            new DiagramNode("Job Complete?", "Job Complete?", NodeKind.Choice),
            new DiagramNode("Job Failed", "Job Failed", NodeKind.Fail),
            Task("Get Final Job Status"),
            End,
        ],
        [
            new("Start", "Submit Job"),
            new("Submit Job", "Wait X Seconds"),
            new("Wait X Seconds", "Get Job Status"),
            new("Get Job Status", "Get Job Status", "Catch: States.Timeout", EdgeStyle.Catch),
            new("Get Job Status", "Job Complete?"),
            new("Job Complete?", "Job Failed", "$.status == \"FAILED\""),
            new("Job Complete?", "Get Final Job Status", "$.status == \"SUCCEEDED\" and $.attempts < 10"),
            new("Job Complete?", "Wait X Seconds", "Default", EdgeStyle.Default),
            new("Get Final Job Status", "End"),
            new("Job Failed", "End"),
        ],
        "Job poller");

    /// <summary>
    /// A long workflow: mostly Task chains, a Choice every few states (a forward skip, sometimes a retry loop back,
    /// and a Default), Catch edges to a shared Fail state and to local handlers, Wait and Pass states.
    /// </summary>
    public static Diagram Large(int stateCount, int seed = 7)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, stateCount).Select(i => i % 17 == 5 ? $"Step {i}: calls a rather long named service endpoint" : $"Step {i}").ToArray();
        var kinds = Enumerable.Range(0, stateCount).Select(i => i % 9 == 4 ? NodeKind.Choice : i % 13 == 7 ? NodeKind.Wait : i % 11 == 10 ? NodeKind.Pass : NodeKind.Task).ToArray();
        var nodes = new List<DiagramNode> { Start };
        nodes.AddRange(names.Select((name, i) => new DiagramNode(name, name, kinds[i])));
        nodes.Add(new DiagramNode("All done", "All done", NodeKind.Succeed));
        nodes.Add(new DiagramNode("Workflow failed", "Workflow failed", NodeKind.Fail));
        var edges = new List<DiagramEdge> { new("Start", names[0]) };
        string Next(int i) => i < stateCount ? names[i] : "All done";
        for (var i = 0; i < stateCount; i++)
        {
            if (kinds[i] == NodeKind.Choice)
            {
                edges.Add(new(names[i], Next(i + random.Next(2, 6)), $"$.route == \"fast-{i}\""));
                if (i >= 6 && random.Next(2) == 0)
                {
                    edges.Add(new(names[i], names[i - random.Next(2, 5)], "$.retry == true"));
                }

                edges.Add(new(names[i], Next(i + 1), "Default", EdgeStyle.Default));
                continue;
            }

            edges.Add(new(names[i], Next(i + 1)));
            if (kinds[i] == NodeKind.Task && i % 5 == 0)
            {
                edges.Add(new(names[i], "Workflow failed", "Catch: States.ALL", EdgeStyle.Catch));
            }
            else if (kinds[i] == NodeKind.Task && i % 7 == 3)
            {
                var handler = $"Handle error {i}";
                nodes.Add(Task(handler));
                edges.Add(new(names[i], handler, "Catch: States.TaskFailed", EdgeStyle.Catch));
                edges.Add(new(handler, Next(i + 1)));
            }
        }

        nodes.Add(End);
        edges.Add(new("All done", "End"));
        edges.Add(new("Workflow failed", "End"));
        return new Diagram(nodes, edges, $"{stateCount} states");
    }
}
