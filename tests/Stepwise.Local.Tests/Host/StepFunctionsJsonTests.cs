using System.Text.Json;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Host;

public class StepFunctionsJsonTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    [Fact]
    public void StartExecutionInput_reads_the_models_member_names()
    {
        var input = StepFunctionsJson.Deserialize<StartExecutionInput>(
            """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:M","name":"run-1","input":"{\"a\":1}"}""");

        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:M", input.StateMachineArn);
        Assert.Equal("run-1", input.Name);
        Assert.Equal("""{"a":1}""", input.Input);
        Assert.Null(input.TraceHeader);
    }

    [Fact]
    public void DescribeExecutionOutput_writes_epoch_seconds_and_omits_absent_members()
    {
        var output = new DescribeExecutionOutput
        {
            ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:M:run-1",
            StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:M",
            Name = "run-1",
            Status = ExecutionStatus.Succeeded,
            StartDate = Start,
            StopDate = Start.AddSeconds(2),
            Input = "{}",
            InputDetails = new CloudWatchEventsExecutionDataDetails { Included = true },
        };

        Assert.Equal(
            """{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:M:run-1","stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:M","name":"run-1","status":"SUCCEEDED","startDate":1700000000.123,"stopDate":1700000002.123,"input":"{}","inputDetails":{"included":true}}""",
            StepFunctionsJson.Serialize(output));
    }

    [Fact]
    public void Whole_second_timestamps_have_no_fraction()
    {
        var output = new CreateStateMachineOutput { StateMachineArn = "arn", CreationDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };

        Assert.Equal("""{"stateMachineArn":"arn","creationDate":1700000000}""", StepFunctionsJson.Serialize(output));
    }

    [Fact]
    public void HistoryEvent_round_trips_with_its_detail_member()
    {
        const string wire =
            """{"timestamp":1700000000.5,"type":"TaskScheduled","id":3,"previousEventId":2,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{}","timeoutInSeconds":60}}""";

        var history = StepFunctionsJson.Deserialize<GetExecutionHistoryOutput>($$"""{"events":[{{wire}}],"nextToken":"t"}""");
        var e = Assert.Single(history.Events);

        Assert.Equal(HistoryEventType.TaskScheduled, e.Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), e.Timestamp);
        Assert.Equal(60, e.TaskScheduledEventDetails!.TimeoutInSeconds);
        Assert.Equal($$"""{"events":[{{wire}}],"nextToken":"t"}""", StepFunctionsJson.Serialize(history));
    }

    [Fact]
    public void MapIterationEventDetails_serve_all_four_iteration_events()
    {
        var e = new HistoryEvent
        {
            Timestamp = Start, Type = HistoryEventType.MapIterationStarted, Id = 7, PreviousEventId = 6,
            MapIterationStartedEventDetails = new MapIterationEventDetails { Name = "Map", Index = 0 },
        };

        Assert.Equal(
            """{"timestamp":1700000000.123,"type":"MapIterationStarted","id":7,"previousEventId":6,"mapIterationStartedEventDetails":{"name":"Map","index":0}}""",
            StepFunctionsJson.Serialize(e));
    }

    [Fact]
    public void Missing_required_members_are_reported_with_AWS_paths_not_thrown()
    {
        var input = StepFunctionsJson.Deserialize<TagResourceInput>("""{"tags":[{"key":"a"},{"value":"b"}]}""");

        Assert.Equal(["resourceArn"], StepFunctionsJson.MissingRequiredMembers(input));
        var create = StepFunctionsJson.Deserialize<CreateStateMachineInput>("""{"name":null,"definition":"{}"}""");
        Assert.Equal(["name", "roleArn"], StepFunctionsJson.MissingRequiredMembers(create));
    }

    [Fact]
    public void Optional_nested_shapes_report_nothing_missing()
    {
        var input = StepFunctionsJson.Deserialize<TestStateInput>("""{"definition":"{}","mock":{"errorOutput":{}}}""");

        Assert.Empty(StepFunctionsJson.MissingRequiredMembers(input));
    }

    [Fact]
    public void A_member_of_the_wrong_type_is_a_JsonException()
    {
        Assert.ThrowsAny<JsonException>(() => StepFunctionsJson.Deserialize<StartExecutionInput>("""{"stateMachineArn":5}"""));
        Assert.ThrowsAny<JsonException>(() => StepFunctionsJson.Deserialize<GetExecutionHistoryInput>("""{"executionArn":"a","maxResults":"ten"}"""));
    }

    [Fact]
    public void Exceptions_carry_the_models_error_code_and_AWS_wording()
    {
        var error = StepFunctionsException.MissingRequiredMembers(["stateMachineArn"]);

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null", error.Message);
        Assert.Contains("ExecutionDoesNotExist", StepFunctionsErrorCodes.All);
    }

    [Fact]
    public void Text_is_written_as_AWS_writes_it_without_needless_escapes()
    {
        var output = new StopExecutionOutput { StopDate = DateTimeOffset.FromUnixTimeSeconds(1) };
        var failed = new ExecutionFailedEventDetails { Error = "Boom", Cause = "it's <café> & \"quoted\"" };

        Assert.Equal("""{"stopDate":1}""", StepFunctionsJson.Serialize(output));
        Assert.Equal("""{"error":"Boom","cause":"it's <café> & \"quoted\""}""", StepFunctionsJson.Serialize(failed));
    }

    [Fact]
    public void Factories_do_not_wrap_a_message_that_already_has_AWS_prefix()
    {
        Assert.Equal("Invalid Arn: 'nope'", StepFunctionsException.InvalidArn("nope").Message);
        Assert.Equal("Invalid Arn: 'nope'", StepFunctionsException.InvalidArn("Invalid Arn: 'nope'").Message);
    }
}
