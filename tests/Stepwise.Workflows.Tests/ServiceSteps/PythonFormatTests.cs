using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows.Tests.ServiceSteps;

/// <summary>Hyperparameters are strings made by Python's str() / json.dumps(); the same values must give the same text.</summary>
public class PythonFormatTests
{
    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345678901234567e19, "1.2345678901234567e+19")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1e100, "1e+100")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(3.14159, "3.14159")]
    public void Floats_are_written_like_python_repr(double value, string expected) => Assert.Equal(expected, PythonFormat.Str(value));

    [Fact]
    public void Single_precision_floats_use_their_shortest_digits() => Assert.Equal("0.1", PythonFormat.Str(0.1f));

    [Fact]
    public void Booleans_ints_strings_and_none_are_written_like_python_str()
    {
        Assert.Equal("True", PythonFormat.Str(true));
        Assert.Equal("False", PythonFormat.Str(false));
        Assert.Equal("50000", PythonFormat.Str(50000));
        Assert.Equal("-3", PythonFormat.Str(-3L));
        Assert.Equal("randomized", PythonFormat.Str("randomized"));
        Assert.Equal("None", PythonFormat.Str(null));
    }

    [Fact]
    public void Lists_and_dictionaries_are_written_like_python_str()
    {
        Assert.Equal("[1, 'a', True, 0.5]", PythonFormat.Str(new object[] { 1, "a", true, 0.5 }));
        Assert.Equal("{'k': 'v', 'n': 2}", PythonFormat.Str(new Dictionary<string, object> { ["k"] = "v", ["n"] = 2 }));
        Assert.Equal("\"it's\"", PythonFormat.Repr("it's"));
    }

    [Fact]
    public void Json_dumps_matches_python_defaults()
    {
        Assert.Equal("\"kmeans++\"", PythonFormat.JsonDumps("kmeans++"));
        Assert.Equal("true", PythonFormat.JsonDumps(true));
        Assert.Equal("1.0", PythonFormat.JsonDumps(1.0));
        Assert.Equal("[1, \"a\"]", PythonFormat.JsonDumps(new object[] { 1, "a" }));
        Assert.Equal("{\"a\": [1, 2]}", PythonFormat.JsonDumps(new Dictionary<string, object> { ["a"] = new[] { 1, 2 } }));
        Assert.Equal("\"caf\\u00e9\"", PythonFormat.JsonDumps("café"));
        Assert.Equal("null", PythonFormat.JsonDumps(null));
    }
}
