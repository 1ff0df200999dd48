using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Xml;
using System.Xml.Linq;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Protocol;
using Stepwise.Local.Hosting;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>The client's flattening and the host's unflattening are one helper read both ways (<see cref="QueryForm"/>,
/// <see cref="QueryXml"/>): whatever a shape holds comes back the same through the form and through the XML.</summary>
public sealed class QueryWireRoundTripTests
{
    private static readonly JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record Inner(string Name, bool? Enabled, IReadOnlyList<string>? Values);

    public sealed record Shape(
        IReadOnlyDictionary<string, Inner>? Structures, IReadOnlyDictionary<string, string>? Attributes, Inner? Nested,
        IReadOnlyList<string>? Empty, DateTimeOffset? At, IReadOnlyList<Inner>? Items, IReadOnlyList<IReadOnlyList<long>>? Matrix,
        double? Ratio, long? Big, byte[]? Blob);

    private static readonly Shape Everything = new(
        new Dictionary<string, Inner> { ["first one"] = new("a&b=c", true, ["x", "ünï"]), ["2"] = new("", null, []) },
        new Dictionary<string, string> { ["k.with.dots"] = "v+1 %41", ["empty"] = "" },
        new Inner("n", false, null), [], new DateTimeOffset(2015, 8, 30, 12, 36, 0, 123, TimeSpan.Zero),
        [new Inner("🚀", null, ["1"]), new Inner("b", true, null)], [[1, 2], [], [long.MaxValue]], 0.25, -9_007_199_254_740_993, [0, 1, 254, 255]);

    [Fact]
    public void Every_kind_of_member_comes_back_from_the_form_the_client_writes()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        QueryForm.Flatten(JsonSerializer.SerializeToNode(Everything, Json), typeof(Shape), "", Json, parameters);
        // Over the wire: percent-encoded as the client sends it, parsed as the host reads it.
        var form = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var read = new List<KeyValuePair<string, string>>();
        FormEncoding.Parse(Encoding.UTF8.GetBytes(form), read);

        var back = QueryForm.Unflatten(read, typeof(Shape), Json).Deserialize<Shape>(Json)!;

        Assert.Equal(parameters, read);
        Assert.Equal(JsonSerializer.Serialize(Everything, Json), JsonSerializer.Serialize(back, Json));
    }

    [Fact]
    public void Every_kind_of_member_comes_back_from_the_XML_the_host_writes()
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
            QueryXml.Write(xml, "R", "urn:x", JsonSerializer.SerializeToNode(Everything, Json), typeof(Shape), Json);

        var back = QueryXml.ToJson(XElement.Parse(text.ToString()), typeof(Shape), Json).Deserialize<Shape>(Json)!;

        Assert.Equal(JsonSerializer.Serialize(Everything, Json), JsonSerializer.Serialize(back, Json));
    }

    [Fact]
    public void A_model_shape_with_lists_of_structures_of_lists_round_trips_through_the_form()
    {
        var request = new SimulateCustomPolicyRequest
        {
            PolicyInputList = ["""{"Version":"2012-10-17","Statement":[]}"""],
            ActionNames = ["s3:GetObject", "s3:PutObject"],
            ContextEntries = [new ContextEntry { ContextKeyName = "aws:SourceIp", ContextKeyValues = ["10.0.0.1", "10.0.0.2"], ContextKeyType = "ip" }],
            MaxItems = 5,
        };
        var parameters = new List<KeyValuePair<string, string>>();
        QueryForm.Flatten(JsonSerializer.SerializeToNode(request, IamJson.Options), typeof(SimulateCustomPolicyRequest), "", IamJson.Options, parameters);

        var back = QueryForm.Unflatten(parameters, typeof(SimulateCustomPolicyRequest), IamJson.Options).Deserialize<SimulateCustomPolicyRequest>(IamJson.Options)!;

        Assert.Contains(new KeyValuePair<string, string>("ContextEntries.member.1.ContextKeyValues.member.2", "10.0.0.2"), parameters);
        Assert.Equal(IamJson.Serialize(request), IamJson.Serialize(back));
    }

    [Fact]
    public void The_response_document_has_members_as_elements_list_items_as_member_and_ISO_timestamps()
    {
        var output = new GetRoleResponse
        {
            Role = new Role
            {
                Path = "/", RoleName = "r", RoleId = "AROA1", Arn = "arn:aws:iam::123456789012:role/r",
                CreateDate = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), MaxSessionDuration = 3600,
                Tags = [new Stepwise.Aws.Iam.Tag { Key = "team", Value = "a<b" }],
            },
        };

        var xml = QueryXml.WriteResponse("GetRole", "https://iam.amazonaws.com/doc/2010-05-08/", JsonSerializer.SerializeToNode(output, IamJson.Options),
            typeof(GetRoleResponse), IamJson.Options, "req-1");

        Assert.Equal(
            """<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName>""" +
            """<RoleId>AROA1</RoleId><Arn>arn:aws:iam::123456789012:role/r</Arn><CreateDate>2015-08-30T12:36:00Z</CreateDate>""" +
            """<MaxSessionDuration>3600</MaxSessionDuration><Tags><member><Key>team</Key><Value>a&lt;b</Value></member></Tags></Role></GetRoleResult>""" +
            """<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>""", xml);
    }

    [Fact]
    public void An_output_the_model_gives_no_members_has_no_result_element()
    {
        var xml = QueryXml.WriteResponse("DeleteRole", "urn:iam", new JsonObject(), typeof(DeleteRoleOutput), IamJson.Options, "q");

        Assert.Equal("""<DeleteRoleResponse xmlns="urn:iam"><ResponseMetadata><RequestId>q</RequestId></ResponseMetadata></DeleteRoleResponse>""", xml);
    }

    [Fact]
    public void Characters_XML_cannot_carry_are_replaced_so_the_answer_still_parses()
    {
        var output = new GetRoleResponse
        {
            Role = new Role { Path = "/", RoleName = "a\u0001b\ud800c", RoleId = "r", Arn = "arn", CreateDate = DateTimeOffset.UnixEpoch },
        };

        var xml = QueryXml.WriteResponse("GetRole", "urn:iam", JsonSerializer.SerializeToNode(output, IamJson.Options), typeof(GetRoleResponse), IamJson.Options, "q");

        Assert.Equal("a\uFFFDb\uFFFDc", XElement.Parse(xml).Descendants().Single(e => e.Name.LocalName == "RoleName").Value);
    }
}
