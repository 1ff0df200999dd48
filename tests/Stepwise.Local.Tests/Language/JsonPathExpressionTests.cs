using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Language;

namespace Stepwise.Local.Tests.Language;

public class JsonPathExpressionTests
{
    /// <summary>Goessner's store document, the reference for JSONPath examples.</summary>
    public const string Store = """
        {
          "store": {
            "book": [
              { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
              { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
              { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 },
              { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }
            ],
            "bicycle": { "color": "red", "price": 19.95 }
          },
          "expensive": 10
        }
        """;

    private static JsonNode Doc() => JsonNode.Parse(Store)!;

    private static JsonArray SelectArray(string path) => new([.. JsonPathExpression.Parse(path).Select(Doc())]);

    [Theory]
    [InlineData("$.store.book[*].author", """["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]""")]
    [InlineData("$..author", """["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]""")]
    [InlineData("$.store.*.price", """[19.95]""")]
    [InlineData("$.store..price", """[8.95,12.99,8.99,22.99,19.95]""")]
    [InlineData("$..book[2].title", """["Moby Dick"]""")]
    [InlineData("$..book[-1].title", """["The Lord of the Rings"]""")]
    [InlineData("$..book[-2:].title", """["Moby Dick","The Lord of the Rings"]""")]
    [InlineData("$..book[:2].title", """["Sayings of the Century","Sword of Honour"]""")]
    [InlineData("$..book[1:3].title", """["Sword of Honour","Moby Dick"]""")]
    [InlineData("$.store.book[0:4:2].title", """["Sayings of the Century","Moby Dick"]""")]
    [InlineData("$.store.book[::-1].price", """[22.99,8.99,12.99,8.95]""")]
    [InlineData("$..book[0,1].title", """["Sayings of the Century","Sword of Honour"]""")]
    [InlineData("$.store.book[?(@.isbn)].title", """["Moby Dick","The Lord of the Rings"]""")]
    [InlineData("$.store.book[?(!@.isbn)].title", """["Sayings of the Century","Sword of Honour"]""")]
    [InlineData("$.store.book[?(@.price < 10)].title", """["Sayings of the Century","Moby Dick"]""")]
    [InlineData("$.store.book[?(@.price <= $['expensive'])].price", """[8.95,8.99]""")]
    [InlineData("$.store.book[?(@.price > 12.99)].price", """[22.99]""")]
    [InlineData("$.store.book[?(@.price >= 12.99)].price", """[12.99,22.99]""")]
    [InlineData("$.store.book[?(@.author == 'Herman Melville')].price", """[8.99]""")]
    [InlineData("$.store.book[?(@.author == \"Herman Melville\")].price", """[8.99]""")]
    [InlineData("$.store.book[?(@.category != 'fiction')].author", """["Nigel Rees"]""")]
    [InlineData("$.store.book[?(@.category == 'fiction' && @.price < 10)].title", """["Moby Dick"]""")]
    [InlineData("$.store.book[?(@.price < 9 || @.price > 20)].price", """[8.95,8.99,22.99]""")]
    [InlineData("$.store.book[?((@.price < 9 || @.price > 20) && @.isbn)].price", """[8.99,22.99]""")]
    [InlineData("$.store.book[?(@.author =~ /.*REES/i)].author", """["Nigel Rees"]""")]
    [InlineData("$.store.book[?(@.author =~ /Rees/)].author", """[]""")]
    [InlineData("$.store.book[?(@.category in ['reference','poetry'])].author", """["Nigel Rees"]""")]
    [InlineData("$.store.book[?(@.category nin ['fiction'])].author", """["Nigel Rees"]""")]
    [InlineData("$..book[?(@.price == 8.95)].author", """["Nigel Rees"]""")]
    [InlineData("$['store']['bicycle']['color']", """["red"]""")]
    [InlineData("$[\"store\"].bicycle[\"color\"]", """["red"]""")]
    [InlineData("$.store.bicycle['color','price']", """[{"color":"red","price":19.95}]""")]
    [InlineData("$.store.book[*]['author','price']", """[{"author":"Nigel Rees","price":8.95},{"author":"Evelyn Waugh","price":12.99},{"author":"Herman Melville","price":8.99},{"author":"J. R. R. Tolkien","price":22.99}]""")]
    [InlineData("$..[?(@.isbn)].price", """[8.99,22.99]""")]
    [InlineData("$.store.book[*].length()", """[4]""")]
    [InlineData("$..book.length()", """[1]""")]
    [InlineData("$.store.book[*].price.max()", """[22.99]""")]
    [InlineData("$.store.bicycle.keys()", """[["color","price"]]""")]
    [InlineData("$.store.book[10].title", """[]""")]
    [InlineData("$.missing", """[]""")]
    [InlineData("$.store.bicycle.color.nope", """[]""")]
    public void Select_follows_Jayway_on_the_store_document(string path, string expected) =>
        JsonAssert.Equal(expected, SelectArray(path));

    [Fact]
    public void Recursive_wildcard_lists_every_value_parents_first()
    {
        var all = SelectArray("$..*");
        Assert.Equal(28, all.Count);
        JsonAssert.Equal(Store, all[0] is JsonObject store ? new JsonObject { ["store"] = store.DeepClone(), ["expensive"] = 10 } : null);
        JsonAssert.Equal("10", all[1]);
    }

    [Fact]
    public void Root_selects_a_copy_of_the_whole_document()
    {
        var doc = Doc();
        var result = JsonPathExpression.Parse("$").Select(doc);
        Assert.Single(result);
        Assert.True(JsonNode.DeepEquals(doc, result[0]));
        Assert.NotSame(doc, result[0]);
        Assert.Null(result[0]!.Parent);
    }

    [Fact]
    public void Matched_null_is_distinguished_from_no_match()
    {
        var doc = JsonNode.Parse("""{"a":null}""");
        var matched = JsonPathExpression.Parse("$.a").Select(doc);
        Assert.Single(matched);
        Assert.Null(matched[0]);
        Assert.Empty(JsonPathExpression.Parse("$.b").Select(doc));
        Assert.True(JsonPathExpression.Parse("$.a").TryEvaluate(doc, out var value));
        Assert.Null(value);
        Assert.False(JsonPathExpression.Parse("$.b").TryEvaluate(doc, out _));
    }

    [Fact]
    public void Results_are_detached_so_they_can_be_inserted_elsewhere()
    {
        var doc = Doc();
        Assert.True(JsonPathExpression.Parse("$.store.bicycle").TryEvaluate(doc, out var bicycle));
        var target = new JsonObject { ["bike"] = bicycle };
        bicycle!["color"] = "blue";
        Assert.Equal("red", doc["store"]!["bicycle"]!["color"]!.GetValue<string>());
        Assert.Equal("blue", target["bike"]!["color"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("$.store.bicycle.color", "\"red\"")]
    [InlineData("$.store.book[0].price", "8.95")]
    [InlineData("$['expensive']", "10")]
    [InlineData("$.store.book[*].price", "[8.95,12.99,8.99,22.99]")]
    [InlineData("$.store.book[?(@.price > 100)]", "[]")]
    [InlineData("$..nothing", "[]")]
    [InlineData("$.store.book.length()", "4")]
    public void TryEvaluate_yields_a_value_for_definite_paths_and_an_array_for_indefinite_ones(string path, string expected)
    {
        Assert.True(JsonPathExpression.Parse(path).TryEvaluate(Doc(), out var value));
        JsonAssert.Equal(expected, value);
    }

    [Theory]
    [InlineData("$.nope", "No results for path: $['nope']")]
    [InlineData("$.store.book[7]", "No results for path: $['store']['book'][7]")]
    [InlineData("$.store.book[7].title", "No results for path: $['store']['book'][7]['title']")]
    [InlineData("$.store.nope.x", "Missing property in path $['store']['nope']")]
    [InlineData("$.store.bicycle.color.x", "Expected to find an object with property ['x'] in path $['store']['bicycle']['color'] but found 'string'. This is not a json object.")]
    [InlineData("$.store.bicycle[0]", "Filter: [0] can only be applied to arrays. Current context is: {\"color\":\"red\",\"price\":19.95}")]
    public void TryEvaluate_explains_missing_definite_paths_in_Jayway_words(string path, string failure)
    {
        Assert.False(JsonPathExpression.Parse(path).TryEvaluate(Doc(), out _, out var why));
        Assert.Equal(failure, why);
    }

    [Theory]
    [InlineData("$", true, true)]
    [InlineData("$.a.b", true, true)]
    [InlineData("$['a'][\"b\"]", true, true)]
    [InlineData("$.a[0].b", true, true)]
    [InlineData("$.a[-1]", true, true)]
    [InlineData("$.a['x','y']", true, false)]
    [InlineData("$.a.length()", true, false)]
    [InlineData("$.a[*]", false, false)]
    [InlineData("$.*", false, false)]
    [InlineData("$..a", false, false)]
    [InlineData("$.a[0:2]", false, false)]
    [InlineData("$.a[0,1]", false, false)]
    [InlineData("$.a[?(@.b)]", false, false)]
    [InlineData("$.a['x','y'].b", false, false)]
    public void Classifies_definite_and_reference_paths(string path, bool definite, bool reference)
    {
        var parsed = JsonPathExpression.Parse(path);
        Assert.Equal(definite, parsed.IsDefinite);
        Assert.Equal(reference, parsed.IsReferencePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("$.")]
    [InlineData("$.a.")]
    [InlineData("$...a")]
    [InlineData("$[")]
    [InlineData("$[]")]
    [InlineData("$['a'")]
    [InlineData("$['a]")]
    [InlineData("$[abc]")]
    [InlineData("$.a b")]
    [InlineData("$[1:2:0]")]
    [InlineData("$[?(@.a ==)]")]
    [InlineData("$[?(@.a == 'x')")]
    [InlineData("$[?(1)]")]
    [InlineData("$.a.nosuch()")]
    [InlineData("$$.a")]
    [InlineData("$.a(")]
    public void Rejects_bad_syntax_with_FormatException(string path)
    {
        var error = Assert.Throws<FormatException>(() => JsonPathExpression.Parse(path));
        Assert.Contains("Invalid JSONPath", error.Message);
        Assert.False(JsonPathExpression.TryParse(path, out _));
    }

    [Fact]
    public void Parse_caches_by_text()
    {
        Assert.Same(JsonPathExpression.Parse("$.cached.path"), JsonPathExpression.Parse("$.cached.path"));
        Assert.Equal("$['store']['book'][*]..['price']", JsonPathExpression.Parse("$.store.book[*]..price").NormalizedPath);
    }

    [Theory]
    [InlineData("""{"n":1}""", "$[?(@.n == 1.0)]", true)]
    [InlineData("""{"n":"1"}""", "$[?(@.n == 1)]", false)]
    [InlineData("""{"n":true}""", "$[?(@.n == true)]", true)]
    [InlineData("""{"n":null}""", "$[?(@.n == null)]", true)]
    [InlineData("""{"n":false}""", "$[?(@.n)]", true)]
    [InlineData("""{"n":"b"}""", "$[?(@.n > 'a')]", true)]
    [InlineData("""{"n":[1,2]}""", "$[?(@.n size 2)]", true)]
    [InlineData("""{"n":[]}""", "$[?(@.n empty true)]", true)]
    [InlineData("""{"n":[1,2]}""", "$[?(@.n contains 2)]", true)]
    [InlineData("""{"n":5}""", "$[?(@.m != 5)]", true)]
    public void Filters_compare_by_JSON_type_and_numeric_value(string doc, string path, bool matches) =>
        Assert.Equal(matches ? 1 : 0, JsonPathExpression.Parse(path).Select(JsonNode.Parse(doc)).Count);

    [Fact]
    public void Numbers_compare_by_value_whatever_backs_them()
    {
        var doc = new JsonObject { ["items"] = new JsonArray(JsonValue.Create(3), JsonValue.Create(4L), JsonValue.Create(5.5m), JsonValue.Create(2.5d)) };
        JsonAssert.Equal("[4,5.5]", new JsonArray([.. JsonPathExpression.Parse("$.items[?(@ > 3)]").Select(doc)]));
    }
}
