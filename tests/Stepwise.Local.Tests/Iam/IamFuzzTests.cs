using System.Reflection;
using System.Text.Json.Serialization;
using Stepwise.Aws.Iam;
using Stepwise.Local.Testing;
using Stepwise.Local.Tests.Hosting;

namespace Stepwise.Local.Tests.Iam;

/// <summary>Random forms for every IAM operation, with the members of its input and values that are half plausible:
/// every answer is a 2xx or a 4xx in IAM's error shape, never a 5xx.</summary>
public sealed class IamFuzzTests
{
    private static readonly string[] Values =
    [
        "Trainer", "trainer", "", " ", "bad name", "/", "/x/", "x", "1", "-1", "3600", "99999999999", "v1", "v2", "AWS", "Local", "All",
        "arn:aws:iam::123456789012:role/Trainer", "arn:aws:iam::123456789012:policy/P", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "arn:aws:iam::aws:policy/Nope", "arn:", "arn:aws:iam::123456789012:user/u", "true", "stringList", "numeric", "date", "%",
        "{", "[]", "{}", "null", "*", "s3:GetObject", "\u0000", new string('x', 3000),
        """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}""",
        """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""",
        """{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"x"}}}}""",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::a","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]},"Null":{"x:y":"maybe"}}}]}""",
    ];

    private static readonly Dictionary<string, string[]> Plausible = new()
    {
        ["RoleName"] = ["Trainer", "Trainer", "Other"],
        ["PolicyName"] = ["P", "Q"],
        ["PolicyArn"] = ["arn:aws:iam::123456789012:policy/P", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        ["PolicySourceArn"] = ["arn:aws:iam::123456789012:role/Trainer"],
        ["VersionId"] = ["v1", "v3"],
        ["AssumeRolePolicyDocument"] = [Values[^4]],
        ["PolicyDocument"] = [Values[^3], Values[^1]],
        ["PolicyInputList"] = [Values[^3], Values[^2]],
        ["ActionNames"] = ["s3:GetObject", "iam:CreateRole"],
        ["Key"] = ["team"],
        ["Value"] = ["ml"],
    };

    [Fact]
    public async Task Random_requests_for_every_operation_get_a_2xx_or_a_4xx_in_IAMs_shape()
    {
        await using var env = await LocalCloudEnvironment.StartTemporaryAsync();
        using var http = new QueryHttp(env.Endpoint, "iam");
        var random = new Random(20_261_201);
        var problems = new List<string>();
        var statuses = new Dictionary<int, int>();
        await env.Cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "Trainer", AssumeRolePolicyDocument = Values[^4] });
        await env.Cloud.Iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = "P", PolicyDocument = Values[^3] });
        var operations = typeof(IIam).GetMethods().Select(m => (m.Name[..^5], m.GetParameters()[0].ParameterType)).ToList();

        for (var n = 0; n < 600; n++)
        {
            var (name, input) = operations[random.Next(operations.Count)];
            var form = new List<string> { "Action=" + name, "Version=2010-05-08" };
            foreach (var member in Members(input))
            {
                if (random.Next(5) == 0)
                    continue;
                form.AddRange(Parameter(member.Name, member.Type, random, depth: 0));
            }
            var body = string.Join("&", form);
            var (status, _, text) = await http.PostAsync(body);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 || (status >= 400 && !text.Contains("<ErrorResponse", StringComparison.Ordinal)))
                problems.Add($"{name} {(body.Length > 300 ? body[..300] : body)} → {status}: {(text.Length > 300 ? text[..300] : text)}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.Keys.Count(s => s >= 400) >= 2, string.Join(", ", statuses));
    }

    private static IEnumerable<(string Name, Type Type)> Members(Type shape) =>
        shape.GetProperties().Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, p.PropertyType));

    private static IEnumerable<string> Parameter(string name, Type type, Random random, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var item = underlying.GetGenericArguments()[0];
            for (var i = 1; i <= random.Next(0, 3); i++)
                foreach (var p in Parameter($"{name}.member.{i}", item, random, depth + 1))
                    yield return p;
            yield break;
        }
        if (underlying.IsClass && underlying != typeof(string) && depth < 3)
        {
            foreach (var member in Members(underlying))
                foreach (var p in Parameter($"{name}.{member.Name}", member.Type, random, depth + 1))
                    yield return p;
            yield break;
        }
        var leaf = name[(name.LastIndexOf('.') + 1)..];
        if (random.Next(10) < 7 && Plausible.TryGetValue(leaf, out var choices))
        {
            yield return $"{name}={Uri.EscapeDataString(choices[random.Next(choices.Length)])}";
            yield break;
        }
        var value = underlying == typeof(int) ? random.Next(-5, 50_000).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : underlying == typeof(bool) ? (random.Next(2) == 0 ? "true" : "false")
            : Values[random.Next(Values.Length)];
        yield return $"{name}={Uri.EscapeDataString(value)}";
    }
}
