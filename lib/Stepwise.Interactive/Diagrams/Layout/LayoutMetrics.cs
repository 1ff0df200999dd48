namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Fixed distances of the drawing, in SVG user units (px at 100 %).</summary>
internal static class LayoutMetrics
{
    public const double NodePaddingX = 14;
    public const double NodePaddingY = 10;
    public const double MinNodeWidth = 84;
    public const double IconSpace = 18;
    public const double MarkerDiameter = 42;

    public const double NodeGap = 28;
    public const double EdgeGap = 12;
    public const double RankGap = 18;
    public const double MaxRankGap = 64;
    public const double GapPerJog = 0.15;
    public const double MinBendBand = 6;
    public const double PortInset = 10;
    public const double PortSpacing = 13;

    public const double EdgeLabelFontSize = 11;
    public const int EdgeLabelMaxChars = 30;
    public const double EdgeLabelPaddingX = 5;
    public const double EdgeLabelPaddingY = 2;

    public const double SelfLoopReach = 26;

    public const double CompoundHeaderPadding = 8;
    public const double CompoundColumnPadding = 10;
    public const double KindCaptionFontSize = 10;

    public const double TitleFontSize = 14;
    public const double BranchTitleFontSize = 11;
    public const double TitleGap = 10;
}
