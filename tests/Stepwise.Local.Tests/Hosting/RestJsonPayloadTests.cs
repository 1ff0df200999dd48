using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Local.Hosting;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>restJson1 where the body is a blob and the media type a member (SageMaker Runtime's InvokeEndpoint), and
/// the scalar formats of URIs and headers.</summary>
public sealed class RestJsonPayloadTests : IAsyncLifetime
{
    private readonly EchoRuntime _runtime = new();
    private LocalCloudHost _host = null!;
    private AwsClients _clients = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudHost.StartAsync([
            new RestJsonEndpoint(SageMakerRuntimeOperations.Service, SageMakerRuntimeOperations.All, _runtime, SageMakerRuntimeJson.MissingRequiredMembers)
            {
                ValidationErrorCode = SageMakerRuntimeErrorCodes.ValidationError,
            },
        ]);
        _clients = AwsClients.Create(new AwsClientOptions { EndpointUrl = _host.Uri, Region = "us-east-1", Credentials = new BasicAWSCredentials("a", "b") });
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_blob_payload_and_header_bound_members_travel_both_ways_with_the_members_media_type()
    {
        byte[] image = [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 255, 10, 13];

        var output = await _clients.SageMakerRuntime.InvokeEndpointAsync(new InvokeEndpointInput
        {
            EndpointName = "masks/v1 ü", Body = image, ContentType = "image/png", Accept = "application/json", CustomAttributes = "trace=1",
        });

        Assert.Equal(image.Reverse(), output.Body);
        Assert.Equal(("application/x-masks", "AllTraffic", "seen:trace=1"), (output.ContentType, output.InvokedProductionVariant, output.CustomAttributes));
        var input = _runtime.Last!;
        Assert.Equal(("masks/v1 ü", "image/png", "application/json"), (input.EndpointName, input.ContentType, input.Accept));
        Assert.Equal(image, input.Body);
    }

    [Fact]
    public async Task The_response_carries_the_members_Content_Type_and_the_raw_bytes()
    {
        using var http = new HttpClient { BaseAddress = _host.Uri };
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");

        using var response = await http.PostAsync("/endpoints/e/invocations", content);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/x-masks", response.Content.Headers.ContentType?.ToString());
        Assert.Equal([3, 2, 1], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_required_payload_that_is_missing_is_the_services_validation_error()
    {
        using var http = new HttpClient { BaseAddress = _host.Uri };

        using var response = await http.PostAsync("/endpoints/e/invocations", new ByteArrayContent([]));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("ValidationError", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("Value null at 'body'", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sun, 30 Aug 2015 12:36:00 GMT")]
    [InlineData("2015-08-30T12:36:00Z")]
    [InlineData("1440938160")]
    public void Timestamps_read_as_HTTP_dates_ISO_8601_or_epoch_seconds_and_headers_write_HTTP_dates(string text)
    {
        var node = WireValue.ParseStrict(text, typeof(DateTimeOffset?))!;

        Assert.Equal(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture));
        Assert.Equal("Sun, 30 Aug 2015 12:36:00 GMT", WireValue.Format(node, typeof(DateTimeOffset), WireValue.TimestampFormat.HttpDate));
    }

    [Theory]
    [InlineData("+900", typeof(int), 900L)]
    [InlineData("0900", typeof(int?), 900L)]
    [InlineData("-2147483648", typeof(int), -2147483648L)]
    [InlineData("9007199254740993", typeof(long), 9007199254740993L)]
    public void Integers_parse_as_AWS_accepts_them(string text, Type type, long expected) =>
        Assert.Equal(expected, WireValue.ParseStrict(text, type)!.GetValue<long>());

    [Theory]
    [InlineData("900.0", typeof(int))]
    [InlineData("2147483648", typeof(int))]
    [InlineData("", typeof(int))]
    [InlineData("1e3", typeof(long))]
    [InlineData("NaN", typeof(double))]
    [InlineData("yes", typeof(bool))]
    [InlineData("not a date", typeof(DateTimeOffset))]
    [InlineData("***", typeof(byte[]))]
    public void Text_that_is_not_the_members_type_is_a_FormatException(string text, Type type) =>
        Assert.Throws<FormatException>(() => WireValue.ParseStrict(text, type));

    private sealed class EchoRuntime : ISageMakerRuntime
    {
        public InvokeEndpointInput? Last { get; private set; }

        public Task<InvokeEndpointOutput> InvokeEndpointAsync(InvokeEndpointInput input, CancellationToken cancellationToken = default)
        {
            Last = input;
            return Task.FromResult(new InvokeEndpointOutput
            {
                Body = [.. input.Body.Reverse()], ContentType = "application/x-masks", InvokedProductionVariant = "AllTraffic",
                CustomAttributes = input.CustomAttributes is { } attributes ? "seen:" + attributes : null,
            });
        }
    }
}
