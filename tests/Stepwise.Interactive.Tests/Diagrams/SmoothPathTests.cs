using Stepwise.Interactive.Diagrams.Layout;
using Stepwise.Interactive.Diagrams.Svg;

namespace Stepwise.Interactive.Tests.Diagrams;

public class SmoothPathTests
{
    [Fact]
    public void Vertical_runs_are_lines_and_sideways_steps_are_curves_with_vertical_tangents()
    {
        var data = SmoothPath.Through([new Point(10, 0), new Point(10, 20), new Point(50, 60)]);

        Assert.Equal("M10,0 L10,20 C10,40 50,40 50,60", data);
    }

    [Fact]
    public void Coordinates_use_invariant_culture_and_one_decimal()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            // A culture with a decimal comma (the build runs with invariant globalization, so no named cultures).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            Thread.CurrentThread.CurrentCulture = comma;
            Assert.Equal("M1.5,2.3 L1.5,9", SmoothPath.Through([new Point(1.5, 2.26), new Point(1.5, 9.04)]));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}
