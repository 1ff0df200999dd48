using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Stepwise.Aws.Tests.Support;

/// <summary>Clients over a fake handler: explicit credentials and region, no environment, no retry waits unless asked.</summary>
public static class TestClients
{
    public static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static AwsClientOptions Options(HttpMessageHandler handler, Uri? endpoint = null, TimeProvider? time = null,
        IReadOnlyDictionary<string, string>? environment = null, Stepwise.Aws.Retries.AwsRetryOptions? retry = null) => new()
    {
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        EndpointUrl = endpoint,
        HttpHandler = handler,
        TimeProvider = time ?? new FakeTimeProvider(SuiteTime),
        EnvironmentVariables = name => environment?.GetValueOrDefault(name),
        Retry = retry ?? new Stepwise.Aws.Retries.AwsRetryOptions { MaxAttempts = 1 },
    };

    public static AwsServiceClient Client(FakeHandler handler, Uri? endpoint = null) =>
        new(Options(handler, endpoint ?? new Uri("https://example.test")));
}
