using System.Xml.Linq;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Sts;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>The query protocol's server side, through the local cloud's STS: our own client, raw forms, and what AWS
/// answers for a request that is not one.</summary>
public sealed class QueryEndpointTests : IAsyncLifetime
{
    private LocalCloudEnvironment _env = null!;
    private QueryHttp _http = null!;

    public async Task InitializeAsync()
    {
        _env = await LocalCloudEnvironment.StartTemporaryAsync();
        _http = new QueryHttp(_env.Endpoint, "sts");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task GetCallerIdentity_through_our_client_answers_the_local_accounts_root()
    {
        using var clients = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = _env.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("a", "b"),
        });

        var identity = await clients.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(_env.Cloud.AccountId, identity.Account);
        Assert.Equal($"arn:aws:iam::{_env.Cloud.AccountId}:root", identity.Arn);
        Assert.Equal(_env.Cloud.AccountId, identity.UserId);
    }

    [Fact]
    public async Task The_response_is_AWSs_document_with_the_request_id_of_the_header()
    {
        var (status, headers, body) = await _http.PostAsync("Action=GetCallerIdentity&Version=2011-06-15");

        Assert.Equal(200, status);
        Assert.StartsWith("text/xml", headers.ContentType?.ToString());
        var root = XDocument.Parse(body).Root!;
        XNamespace ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        Assert.Equal(ns + "GetCallerIdentityResponse", root.Name);
        Assert.Equal("123456789012", root.Element(ns + "GetCallerIdentityResult")!.Element(ns + "Account")!.Value);
        Assert.Equal(headers.GetValues("x-amzn-RequestId").Single(), root.Element(ns + "ResponseMetadata")!.Element(ns + "RequestId")!.Value);
    }

    [Fact]
    public async Task A_GET_with_the_query_string_is_served_like_a_POST()
    {
        var (status, _, body) = await _http.GetAsync("?Action=GetCallerIdentity&Version=2011-06-15");

        Assert.Equal(200, status);
        Assert.Contains("<Arn>arn:aws:iam::123456789012:root</Arn>", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Action=NoSuchAction&Version=2011-06-15", "Could not find operation NoSuchAction for version 2011-06-15")]
    [InlineData("Action=GetCallerIdentity", "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED")]
    [InlineData("Action=GetCallerIdentity&Version=", "Could not find operation GetCallerIdentity for version ")]
    [InlineData("Action=GetCallerIdentity&Version=2000-01-01", "Could not find operation GetCallerIdentity for version 2000-01-01")]
    [InlineData("Action=&Version=2011-06-15", "Could not find operation  for version 2011-06-15")]
    [InlineData("Action=NoSuchAction&Action=GetCallerIdentity&Version=2011-06-15", "Could not find operation NoSuchAction for version 2011-06-15")]
    public async Task An_unknown_action_or_version_is_InvalidAction_in_AWSs_words(string form, string message)
    {
        var error = await _http.ErrorAsync(form);

        Assert.Equal((400, "Sender", "InvalidAction", message), (error.Status, error.Type, error.Code, error.Message));
    }

    [Theory]
    [InlineData("Action=GetCallerIdentity&Action=NoSuchAction&Version=2011-06-15")]
    [InlineData("Action=GetCallerIdentity&Version=2011-06-15&Version=2000-01-01")]
    [InlineData("Action=GetCallerIdentity&Version=2011-06-15&Unknown=value")]
    [InlineData("Version=2011-06-15&Action=GetCallerIdentity&&")]
    public async Task The_first_of_repeated_parameters_wins_and_unknown_ones_are_ignored_as_on_AWS(string form)
    {
        var (status, _, body) = await _http.PostAsync(form);

        Assert.True(status == 200, body);
    }

    [Fact]
    public async Task A_missing_Action_is_a_400_that_says_what_a_query_request_looks_like()
    {
        var error = await _http.ErrorAsync("Version=2011-06-15");

        Assert.Equal((400, "InvalidAction"), (error.Status, error.Code));
        Assert.Contains("Action=<Operation>&Version=2011-06-15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_members_are_a_ValidationError_naming_them_in_lower_camel_case()
    {
        var error = await _http.ErrorAsync("Action=AssumeRole&Version=2011-06-15");

        Assert.Equal((400, "ValidationError"), (error.Status, error.Code));
        Assert.Equal("2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
                     "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null", error.Message);
    }

    [Fact]
    public async Task Required_members_of_list_items_are_named_with_their_index()
    {
        var error = await _http.ErrorAsync("Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s&Tags.member.1.Key=k");

        Assert.Equal("1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null", error.Message);
    }

    [Fact]
    public async Task AssumeRole_of_a_role_that_does_not_exist_is_AWSs_AccessDenied()
    {
        using var clients = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = _env.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("a", "b"),
        });

        var error = await Assert.ThrowsAsync<StsException>(() => clients.Sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Trainer", RoleSessionName = "s1", DurationSeconds = 900,
            Tags = [new Tag { Key = "team", Value = "ml" }], TransitiveTagKeys = ["team"],
        }));

        Assert.Equal(("AccessDenied", 403), (error.ErrorCode, error.StatusCode));
        Assert.Equal("User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Trainer",
            error.Message);
    }

    [Theory]
    [InlineData("DurationSeconds=abc", "DurationSeconds")]
    [InlineData("DurationSeconds=900.0", "DurationSeconds")]
    [InlineData("DurationSeconds=2147483648", "DurationSeconds")]
    [InlineData("DurationSeconds=", "DurationSeconds")]
    [InlineData("Tags.member.x.Key=k", "Tags.member.x.Key")]
    [InlineData("Tags.member.0.Key=k", "Tags.member.0.Key")]
    [InlineData("Tags.item.1.Key=k", "Tags.item.1.Key")]
    [InlineData("Tags=oops", "Tags")]
    [InlineData("Tags.member=k", "Tags.member")]
    [InlineData("RoleArn.Deeper=x", "RoleArn.Deeper")]
    [InlineData("Tags.member.1.Key.Deeper=x", "Tags.member.1.Key.Deeper")]
    [InlineData("Tags..1=x", "Tags..1")]
    public async Task Parameters_that_cannot_belong_to_the_input_are_MalformedInput_naming_the_parameter(string parameter, string name)
    {
        var error = await _http.ErrorAsync($"Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s&{parameter}");

        Assert.Equal((400, "MalformedInput"), (error.Status, error.Code));
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Action=GetCallerIdentity&Version=2011-06-15&x=%zz")]
    [InlineData("Action=GetCallerIdentity&Version=2011-06-15&x=%4")]
    [InlineData("Action=GetCallerIdentity%&Version=2011-06-15")]
    [InlineData("Action=GetCallerIdentity&Version=2011-06-15&x=%C3%28")]
    public async Task Bad_percent_encoding_is_MalformedInput(string form)
    {
        var error = await _http.ErrorAsync(form);

        Assert.Equal((400, "MalformedInput"), (error.Status, error.Code));
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_refused_in_the_query_error_shape()
    {
        var error = await _http.ErrorAsync("""{"Action":"GetCallerIdentity"}""", "application/json");

        Assert.Equal((400, "MalformedInput"), (error.Status, error.Code));
        Assert.Contains("application/x-www-form-urlencoded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_methods_are_refused_in_the_query_error_shape()
    {
        var (status, _, body) = await _http.SendAsync(HttpMethod.Put, "/", "Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded");

        Assert.Equal(400, status);
        Assert.Equal("InvalidAction", QueryHttp.Error(status, body).Code);
    }

    [Fact]
    public async Task A_request_for_IAM_is_routed_by_its_signing_scope_to_IAM()
    {
        using var iam = new QueryHttp(_env.Endpoint, "iam");

        var (status, _, body) = await iam.PostAsync("Action=ListRoles&Version=2010-05-08");
        var error = await iam.ErrorAsync("Action=GetCallerIdentity&Version=2010-05-08");

        Assert.Equal(200, status);
        Assert.Contains("<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">", body, StringComparison.Ordinal);
        Assert.Equal((400, "InvalidAction"), (error.Status, error.Code));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_ValidationError_not_a_5xx()
    {
        var error = await _http.ErrorAsync("Action=GetCallerIdentity&Version=2011-06-15&Pad=" + new string('x', 1024 * 1024 + 10));

        Assert.Equal((400, "ValidationError"), (error.Status, error.Code));
    }

    [Fact]
    public void LocalSts_needs_an_account()
    {
        Assert.Throws<ArgumentException>(() => new Stepwise.Local.Sts.LocalSts(" "));
    }
}
