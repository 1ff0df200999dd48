using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class PortSpreaderTests
{
    [Fact]
    public void A_port_lies_straight_above_its_next_bend_when_that_is_over_the_node()
    {
        var ports = PortSpreader.Spread([130], 100, 200);

        Assert.Equal(130, ports[0]);
    }

    [Fact]
    public void Ports_towards_far_bends_stay_inside_the_border()
    {
        var ports = PortSpreader.Spread([-500, 900], 100, 200);

        Assert.Equal(100 + LayoutMetrics.PortInset, ports[0]);
        Assert.Equal(200 - LayoutMetrics.PortInset, ports[1]);
    }

    [Fact]
    public void Ports_are_kept_apart_and_in_the_order_of_their_bends()
    {
        var ports = PortSpreader.Spread([900, 800, 1000, 700], 100, 200);

        var byWish = new[] { 3, 1, 0, 2 }.Select(i => ports[i]).ToArray();
        for (var i = 1; i < byWish.Length; i++)
        {
            Assert.True(byWish[i] - byWish[i - 1] >= LayoutMetrics.PortSpacing - 0.01);
        }

        Assert.All(ports, p => Assert.InRange(p, 100, 200));
    }
}
