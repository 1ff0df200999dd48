using Stepwise.Local.StepFunctions.Mocks;

namespace Stepwise.Local.Tests.Mocks;

/// <summary>Step Functions Local's mock configuration file: what it accepts, and the JSON path it names when it refuses one.</summary>
public sealed class MockConfigTests
{
    // The example of AWS's "Configuration file for mocked service integrations" page, shortened.
    private const string AwsExample = """
        {
          "StateMachines": {
            "LambdaSQSIntegration": {
              "TestCases": {
                "HappyPath": { "LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess" },
                "RetryPath": { "LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess" },
                "HybridPath": { "LambdaState": "MockedLambdaSuccess" }
              }
            }
          },
          "MockedResponses": {
            "MockedLambdaSuccess": { "0": { "Return": { "StatusCode": 200, "Payload": { "StatusCode": 200, "body": "Hello from Lambda!" } } } },
            "LambdaMockedResourceNotReady": { "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } } },
            "MockedSQSSuccess": { "0": { "Return": { "MD5OfMessageBody": "3bcb6e8e", "MessageId": "3bcb6e8e-8b51" } } },
            "MockedLambdaRetry": {
              "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } },
              "1-2": { "Throw": { "Error": "Lambda.TimeoutException", "Cause": "Lambda timed out." } },
              "3": { "Return": { "StatusCode": 200, "Payload": { "StatusCode": 200, "body": "Hello from Lambda!" } } }
            }
          }
        }
        """;

    [Fact]
    public void AWSs_example_parses_into_test_cases_of_mocked_states()
    {
        var config = MockConfig.Parse(AwsExample);

        var cases = config.TestCases("LambdaSQSIntegration");
        Assert.Equal(["HappyPath", "HybridPath", "RetryPath"], cases.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["LambdaState"], cases["HybridPath"].States.Keys);
        Assert.Equal("Hello from Lambda!", cases["HappyPath"].States["LambdaState"].For(0).Result!["Payload"]!["body"]!.GetValue<string>());
        Assert.Empty(config.TestCases("Other"));
    }

    [Fact]
    public void Attempt_ranges_expand_in_order_and_the_last_attempt_repeats()
    {
        var retry = MockConfig.Parse(AwsExample).TestCases("LambdaSQSIntegration")["RetryPath"].States["LambdaState"];

        Assert.Equal(4, retry.Attempts.Length);
        Assert.Equal(["Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException", null],
            retry.Attempts.Select(a => a.Error));
        Assert.Equal("Lambda timed out.", retry.For(2).Cause);
        Assert.False(retry.For(3).Throws);
        Assert.Same(retry.For(3), retry.For(9));
    }

    [Fact]
    public void The_programmatic_form_builds_the_same_attempts_and_leaves_the_original_unchanged()
    {
        var empty = MockConfig.Empty;
        var config = empty
            .With("pipeline", "Happy", "Build", MockedResponse.Throwing("Lambda.TooManyRequestsException", "slow down", times: 2).ThenReturning("""{"ok":true}"""))
            .With("pipeline", "Happy", "Train", MockedResponse.Returning("""{"TrainingJobStatus":"Completed"}"""));

        var build = config.TestCases("pipeline")["Happy"].States["Build"];
        Assert.Equal(["Lambda.TooManyRequestsException", "Lambda.TooManyRequestsException", null], build.Attempts.Select(a => a.Error));
        Assert.True(build.For(5).Result!["ok"]!.GetValue<bool>());
        Assert.Equal(["Build", "Train"], config.TestCases("pipeline")["Happy"].States.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(empty.StateMachines);
    }

    [Fact]
    public void Load_reads_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, AwsExample);
            Assert.Equal(["LambdaSQSIntegration"], MockConfig.Load(path).StateMachines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"MockedResponses":{"Build":{"0":{"Return":{},"Throw":{"Error":"E"}}}}}""", "$.MockedResponses.Build.0: a mocked response has Return or Throw, not both")]
    [InlineData("""{"MockedResponses":{"Build":{"0":{}}}}""", "$.MockedResponses.Build.0: a mocked response has Return or Throw")]
    [InlineData("""{"MockedResponses":{"Build":{"0":{"Retrun":{}}}}}""", "$.MockedResponses.Build.0.Retrun: unknown field; expected Return or Throw")]
    [InlineData("""{"MockedResponses":{"Build":{"0":{"Throw":{"Cause":"c"}}}}}""", "$.MockedResponses.Build.0.Throw: Throw has an Error")]
    [InlineData("""{"MockedResponses":{"Build":{"0":{"Throw":{"Error":7}}}}}""", "$.MockedResponses.Build.0.Throw.Error: Error is a string")]
    [InlineData("""{"MockedResponses":{"Build":{"first":{"Return":1}}}}""", """$.MockedResponses.Build.first: 'first' is not an attempt number ("0") or range ("1-2")""")]
    [InlineData("""{"MockedResponses":{"Build":{"0":{"Return":1},"3-1":{"Return":1}}}}""", "$.MockedResponses.Build.3-1: the range '3-1' ends before it starts")]
    [InlineData("""{"MockedResponses":{"Build":{"0":{"Return":1},"2":{"Return":1}}}}""", "$.MockedResponses.Build.2: attempts are consecutive from 0, but attempt 1 is missing")]
    [InlineData("""{"MockedResponses":{"Build":{"0-1":{"Return":1},"1":{"Return":1}}}}""", "$.MockedResponses.Build.1: attempt 1 is defined twice")]
    [InlineData("""{"MockedResponses":{"Build":{}}}""", "$.MockedResponses.Build: a mocked response defines at least attempt \"0\"")]
    [InlineData("""{"StateMachines":{"pipeline":{"TestCases":{"Happy":{"Build":"Nope"}}}},"MockedResponses":{}}""", "$.StateMachines.pipeline.TestCases.Happy.Build: the mocked response 'Nope' is not defined in MockedResponses")]
    [InlineData("""{"StateMachines":{"pipeline":{"TestCases":{"Happy":{"Build":{"0":{"Return":1}}}}}}}""", "$.StateMachines.pipeline.TestCases.Happy.Build: a test case maps a state name to the name of a mocked response")]
    [InlineData("""{"StateMachines":{"pipeline":{}}}""", "$.StateMachines.pipeline: a state machine entry has TestCases")]
    [InlineData("""{"StateMachines":[]}""", "$.StateMachines: StateMachines is an object keyed by state machine name")]
    [InlineData("""{"MockedResponse":{}}""", "$.MockedResponse: unknown field; expected StateMachines or MockedResponses")]
    [InlineData("[]", "$: the mock configuration is a JSON object")]
    public void A_malformed_file_is_refused_with_the_path_of_the_problem(string json, string message)
    {
        var error = Assert.Throws<MockConfigException>(() => MockConfig.Parse(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_repeated_attempt_key_is_refused()
    {
        var error = Assert.Throws<MockConfigException>(() => MockConfig.Parse("""{"MockedResponses":{"Build":{"0":{"Return":1},"0":{"Return":2}}}}"""));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("'0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_refused_at_the_root()
    {
        var error = Assert.Throws<MockConfigException>(() => MockConfig.Parse("""{"StateMachines": """));

        Assert.Equal("$", error.Path);
        Assert.StartsWith("$: not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
