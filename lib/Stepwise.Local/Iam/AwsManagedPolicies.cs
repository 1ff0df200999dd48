using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Stepwise.Local.Iam;

/// <summary>The AWS managed policies the workbook uses, from the JSON files embedded under <c>Iam/ManagedPolicies/</c>.
/// Only policies whose text was copied from AWS's reference are shipped; none is written from memory.</summary>
public static class AwsManagedPolicies
{
    private const string Prefix = "Stepwise.Local.Iam.ManagedPolicies.";

    private static readonly Lazy<FrozenDictionary<string, AwsManagedPolicy>> ByArn = new(Load);

    /// <summary>Every shipped policy, by name.</summary>
    public static IEnumerable<AwsManagedPolicy> All => ByArn.Value.Values.OrderBy(p => p.PolicyName, StringComparer.Ordinal);

    /// <summary>The policy with <paramref name="arn"/>, or null.</summary>
    public static AwsManagedPolicy? Find(string arn) => ByArn.Value.GetValueOrDefault(arn);

    private static FrozenDictionary<string, AwsManagedPolicy> Load()
    {
        var assembly = typeof(AwsManagedPolicies).Assembly;
        var policies = new Dictionary<string, AwsManagedPolicy>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var json = JsonDocument.Parse(stream);
            var root = json.RootElement;
            string Text(string property) => root.GetProperty(property).GetString()!;
            DateTimeOffset Date(string property) => DateTimeOffset.Parse(Text(property), CultureInfo.InvariantCulture);
            var policy = new AwsManagedPolicy(Text("PolicyName"), Text("Path"), Text("Description"), Text("DefaultVersionId"),
                Date("CreateDate"), Date("UpdateDate"), Text("Source"),
                PolicyDocumentParser.Parse(root.GetProperty("Document").GetRawText()));
            policies.Add(policy.Arn, policy);
        }
        return policies.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
