using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Notebooks;

namespace Notebooks.Tests;

/// <summary>The walkthrough's HTML page of an executed notebook: self-contained, escaped, no script, nothing fetched.</summary>
public sealed partial class NotebookHtmlWriterTests
{
    private static string RenderFixture()
    {
        var path = TestPaths.Fixture("html/outputs.ipynb");
        var notebook = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        return NotebookHtmlWriter.Render(notebook, "outputs", "FAILED at cell 7: Exception: boom <here>", Path.GetDirectoryName(path));
    }

    [Fact]
    public void Markdown_is_rendered_and_the_first_heading_is_the_title()
    {
        var html = RenderFixture();

        Assert.Contains("<title>Rendering &lt;fixture&gt;</title>", html);
        Assert.Contains("<em>emphasis</em>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<a href=\"https://docs.aws.amazon.com/step-functions/\">link to AWS</a>", html);
    }

    [Fact]
    public void Sources_streams_plain_text_errors_and_the_status_are_escaped()
    {
        var html = RenderFixture();

        Assert.Contains("var html = &quot;&lt;b&gt;bold&lt;/b&gt; &amp; more&quot;;", html);
        Assert.Contains("<pre class=\"output stream stdout\">&lt;b&gt;bold&lt;/b&gt; &amp; more\n</pre>", html);
        Assert.Contains("<pre>&lt;angle&gt; &amp; &quot;quotes&quot;</pre>", html);
        Assert.Contains("Exception: boom &lt;here&gt;", html);
        Assert.Contains("System.Exception: boom &lt;here&gt;", html); // the traceback, its ANSI colours removed
        Assert.DoesNotContain("\u001b[", html);
        Assert.Contains("<p class=\"status failed\">FAILED at cell 7: Exception: boom &lt;here&gt;</p>", html);
        Assert.DoesNotContain("<b>bold</b>", html);
    }

    [Fact]
    public void Html_is_kept_svg_is_inline_and_png_is_a_data_uri()
    {
        var html = RenderFixture();

        Assert.Contains("<table><tr><td>kept</td></tr></table>", html);
        Assert.DoesNotContain("ignored when html is there", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect", html);
        Assert.Matches("<img alt=\"image\" src=\"data:image/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+\">", html);
        // The markdown's local image is inlined from the notebook's folder; the remote one becomes a link.
        Assert.Matches("<img src=\"data:image/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+\" alt=\"local dot\"", html);
        Assert.Contains("<a href=\"https://example.com/logo.png\">remote logo</a>", html);
        Assert.Contains("<a href=\"https://example.com/docs\">a link stays</a>", html);
    }

    [Fact]
    public void The_page_has_no_script_and_loads_nothing_from_elsewhere()
    {
        var html = RenderFixture();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onload=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert('markdown')&lt;/script&gt;", html); // raw HTML in markdown is shown, not run
        Assert.Empty(ExternalResources(html));
        Assert.Contains("<style>", html);
    }

    [Theory]
    [InlineData("<img src=\"https://a/b.png\">")]
    [InlineData("<img src='http://a/b.png'>")]
    [InlineData("<img src=//a/b.png>")]
    [InlineData("<link rel=stylesheet href=\"https://a/s.css\">")]
    [InlineData("<svg><image xlink:href=\"https://a/i.png\"/></svg>")]
    [InlineData("<div style=\"background: url('https://a/i.png')\">x</div>")]
    [InlineData("<style>@import url(https://a/s.css);</style>")]
    [InlineData("<iframe src=\"https://a/\"></iframe>")]
    [InlineData("<script type=module>import x from 'https://a/x.js'</script>")]
    public void Kernel_html_that_would_fetch_or_run_something_is_neutralised(string output)
    {
        var html = NotebookHtmlWriter.RenderMimeBundle(new JsonObject { ["text/html"] = output });

        Assert.Empty(ExternalResources(html));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Text_that_only_looks_like_an_attribute_is_left_alone()
    {
        var html = NotebookHtmlWriter.RenderMimeBundle(new JsonObject { ["text/html"] = "<pre>x  on = 3; see https://example.com</pre>" });

        Assert.Equal("<pre>x  on = 3; see https://example.com</pre>", html);
    }

    /// <summary>Every http(s) URL the page would load: src-like attributes, href outside &lt;a&gt;, CSS url() and @import.</summary>
    internal static IReadOnlyList<string> ExternalResources(string html) =>
        ResourceReference().Matches(html).Select(m => m.Value)
            .Concat(HrefOutsideAnchors().Matches(html).Select(m => m.Value))
            .ToArray();

    [GeneratedRegex(@"\b(src|srcset|poster|data)\s*=\s*[""']?\s*(https?:)?//|url\(\s*[""']?\s*(https?:)?//|@import\s+[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceReference();

    [GeneratedRegex(@"<(?!a\b)[a-z][^>]*\b(xlink:)?href\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex HrefOutsideAnchors();
}
