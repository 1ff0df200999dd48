using System.Net;
using System.Web;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Sts;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests.Protocols;

public sealed class QueryCodecTests
{
    private const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task Input_is_flattened_into_a_form_with_action_version_and_list_members()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, $"""
            <CreateRoleResponse xmlns="{Namespace}"><CreateRoleResult><Role>
              <Path>/</Path><RoleName>r</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::1:role/r</Arn>
              <CreateDate>2015-08-30T12:36:00Z</CreateDate><MaxSessionDuration>3600</MaxSessionDuration>
              <Tags><member><Key>team</Key><Value>ml</Value></member></Tags>
            </Role></CreateRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateRoleResponse>
            """, "text/xml");
        using var client = TestClients.Client(handler);

        var output = await client.SendAsync(IamOperations.CreateRole, new CreateRoleRequest
        {
            RoleName = "r",
            AssumeRolePolicyDocument = "{\"Version\":\"2012-10-17\"}",
            MaxSessionDuration = 3600,
            Tags = [new Iam.Tag { Key = "team", Value = "ml" }, new Iam.Tag { Key = "a b", Value = "c&d" }],
        });

        var request = handler.Requests.Single();
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
        var form = HttpUtility.ParseQueryString(request.Body);
        Assert.Equal("CreateRole", form["Action"]);
        Assert.Equal("2010-05-08", form["Version"]);
        Assert.Equal("{\"Version\":\"2012-10-17\"}", form["AssumeRolePolicyDocument"]);
        Assert.Equal("3600", form["MaxSessionDuration"]);
        Assert.Equal("team", form["Tags.member.1.Key"]);
        Assert.Equal("c&d", form["Tags.member.2.Value"]);
        Assert.StartsWith("Action=CreateRole&Version=2010-05-08&", request.Body, StringComparison.Ordinal);
        Assert.Contains("a%20b", request.Body, StringComparison.Ordinal);

        var role = output.Role;
        Assert.Equal("arn:aws:iam::1:role/r", role.Arn);
        Assert.Equal(TestClients.SuiteTime, role.CreateDate);
        Assert.Equal(3600, role.MaxSessionDuration);
        Assert.Equal("ml", role.Tags!.Single().Value);
    }

    [Fact]
    public async Task Lists_booleans_and_empty_results_are_read_by_the_output_types_metadata()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, $"""
            <ListRolesResponse xmlns="{Namespace}"><ListRolesResult><IsTruncated>true</IsTruncated><Marker>m</Marker><Roles/><Unknown>x</Unknown></ListRolesResult></ListRolesResponse>
            """, "text/xml");
        using var client = TestClients.Client(handler);

        var output = await client.SendAsync(IamOperations.ListRoles, new ListRolesRequest());

        Assert.Empty(output.Roles);
        Assert.True(output.IsTruncated);
        Assert.Equal("m", output.Marker);
    }

    [Fact]
    public async Task An_operation_without_a_result_element_gives_an_empty_output()
    {
        using var client = TestClients.Client(new FakeHandler(HttpStatusCode.OK,
            $"""<DeleteRoleResponse xmlns="{Namespace}"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRoleResponse>""", "text/xml"));
        Assert.NotNull(await client.SendAsync(IamOperations.DeleteRole, new DeleteRoleRequest { RoleName = "r" }));
    }

    [Fact]
    public async Task STS_signs_for_its_region_and_IAM_for_us_east_1()
    {
        var handler = new FakeHandler(HttpStatusCode.OK,
            """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>U</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>""",
            "text/xml");
        using var client = new AwsServiceClient(TestClients.Options(handler, new Uri("http://127.0.0.1:1")));

        var identity = await client.SendAsync(StsOperations.GetCallerIdentity, new GetCallerIdentityRequest());

        Assert.Equal("123456789012", identity.Account);
        Assert.Contains("/us-east-1/sts/aws4_request", handler.Requests.Single().Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_read_from_the_error_response()
    {
        using var client = TestClients.Client(new FakeHandler(HttpStatusCode.NotFound, $"""
            <ErrorResponse xmlns="{Namespace}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name r cannot be found.</Message></Error><RequestId>q</RequestId></ErrorResponse>
            """, "text/xml"));

        var error = await Assert.ThrowsAsync<IamException>(() => client.SendAsync(IamOperations.GetRole, new GetRoleRequest { RoleName = "r" }));

        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.Equal("The role with name r cannot be found.", error.Message);
        Assert.Equal(404, error.StatusCode);
    }
}

public sealed class QueryFlatteningTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Inner(string Name, bool? Enabled);

    public sealed record Shape(IReadOnlyDictionary<string, string>? Attributes, Inner? Nested, IReadOnlyList<string>? Empty, DateTimeOffset? At, IReadOnlyList<Inner>? Items);

    [Fact]
    public void Maps_nested_structures_empty_lists_and_timestamps_flatten_as_the_query_protocol_says()
    {
        var shape = new Shape(new Dictionary<string, string> { ["k1"] = "v1", ["k2"] = "v2" }, new Inner("n", true), [],
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), [new Inner("a", null), new Inner("b", false)]);
        var parameters = new List<KeyValuePair<string, string>>();

        Stepwise.Aws.Protocol.QueryForm.Flatten(System.Text.Json.JsonSerializer.SerializeToNode(shape, Json), typeof(Shape), "", Json, parameters);

        Assert.Equal(
        [
            new("Attributes.entry.1.key", "k1"), new("Attributes.entry.1.value", "v1"),
            new("Attributes.entry.2.key", "k2"), new("Attributes.entry.2.value", "v2"),
            new("Nested.Name", "n"), new("Nested.Enabled", "true"),
            new("Empty", ""),
            new("At", "2015-08-30T12:36:00Z"),
            new("Items.member.1.Name", "a"), new("Items.member.2.Name", "b"), new("Items.member.2.Enabled", "false"),
        ], parameters);
    }

    [Fact]
    public void Xml_maps_become_dictionaries()
    {
        var xml = System.Xml.Linq.XElement.Parse("<R><Attributes><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></Attributes></R>");
        var node = Stepwise.Aws.Protocol.QueryXml.ToJson(xml, typeof(Shape), Json);
        var shape = System.Text.Json.JsonSerializer.Deserialize<Shape>(node, Json)!;
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, shape.Attributes);
    }
}
