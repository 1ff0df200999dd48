using System.Text.Json.Nodes;
using Stepwise.Interactive.Json;

namespace Stepwise.Interactive.Tests.Json;

public class JsonViewTests
{
    [Fact]
    public void Small_json_is_an_indented_escaped_pre()
    {
        var html = JsonView.Of(new JsonObject { ["name"] = "</pre><script>alert('x')</script>", ["n"] = 1, ["é"] = "ü" }).Html;
        Assert.StartsWith("<pre", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;/pre&gt;&lt;script&gt;", html);
        Assert.Contains("\n  &quot;n&quot;: 1", html);
        Assert.DoesNotContain("\\u00", html); // no JSON \u escapes: HTML entities (or the character) instead
        Assert.DoesNotContain("<details", html);
    }

    [Fact]
    public void Long_json_folds_into_details_with_a_summary_and_no_script()
    {
        var obj = new JsonObject();
        for (int i = 0; i < 50; i++)
            obj[$"key{i}"] = i;
        var html = JsonView.Of(obj).Html;
        Assert.StartsWith("<details><summary", html);
        Assert.Contains("50 keys: key0, key1", html);
        Assert.DoesNotContain("<script", html);
        Assert.StartsWith("<details open>", JsonView.Of(obj, open: true).Html);
        Assert.StartsWith("<pre", JsonView.Of(obj, foldAboveLines: 0).Html);
    }

    [Fact]
    public void The_view_is_much_shorter_than_the_tree_it_replaces_and_shows_no_parent_or_root()
    {
        var node = JsonNode.Parse("""{"a":{"b":[1,2,{"c":"d"}]},"e":null}""")!;
        var html = JsonView.Of(node).Html;
        Assert.True(html.Length < 600, $"{html.Length} characters");
        Assert.DoesNotContain("Parent", html);
        Assert.DoesNotContain("Root", html);
        Assert.Equal("<pre style=\"margin:0;font-family:monospace;font-size:12px;line-height:1.35;white-space:pre-wrap;word-break:break-word\">null</pre>", JsonView.Of(null).Html);
    }
}
