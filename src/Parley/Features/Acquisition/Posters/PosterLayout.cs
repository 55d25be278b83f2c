using System.Globalization;
using System.Text;

namespace Parley.Features.Acquisition.Posters;

/// <summary>Something drawn on the poster, in poster units (pixels for PNG and SVG, points for PDF).</summary>
public abstract record PosterElement(string Id);

public sealed record RectElement(string Id, double X, double Y, double Width, double Height, double Radius, string? Fill, string? Stroke, double StrokeWidth)
    : PosterElement(Id);

/// <summary>A filled SVG path in poster units (stars).</summary>
public sealed record PathElement(string Id, string Path, string Fill) : PosterElement(Id);

/// <summary>One line of text centred on <see cref="CenterX"/>, made of runs that differ in colour or weight.</summary>
public sealed record TextElement(string Id, double CenterX, double Baseline, double FontSize, IReadOnlyList<TextRun> Runs) : PosterElement(Id);

public sealed record TextRun(string Text, string Color, bool Bold);

/// <summary>The QR modules; the top-left module's corner is at (X, Y).</summary>
public sealed record QrElement(string Id, double X, double Y, double ModuleSize, QrMatrix Matrix, string DotsStyle, string Color) : PosterElement(Id);

/// <summary>The whole poster, bottom to top; PNG, PDF and SVG are drawn from the same layout.</summary>
public sealed record PosterLayout(double Width, double Height, string Url, IReadOnlyList<PosterElement> Elements)
{
    public QrElement? Qr => Elements.OfType<QrElement>().FirstOrDefault();
}

/// <summary>
/// Places the designer's elements. Each element's top/left percentages name its centre; its size multiplies a standard size
/// that is a share of the poster's shorter side, so a design keeps its proportions at any resolution and on either style.
/// </summary>
public static class PosterLayoutBuilder
{
    public const string Ink = "111827";
    public const string StarColor = "FBBC05";

    /// <summary>Google's wordmark colours, letter by letter.</summary>
    public static readonly IReadOnlyList<(string Letter, string Color)> GoogleWordmark =
        [("G", "4285F4"), ("o", "EA4335"), ("o", "FBBC05"), ("g", "4285F4"), ("l", "34A853"), ("e", "EA4335")];

    /// <summary>Width to height: A-series paper, portrait for <c>poster</c>, landscape for <c>card</c> (a table card).</summary>
    public static double AspectRatio(string style) => style == "card" ? Math.Sqrt(2) : 1 / Math.Sqrt(2);

    public static PosterLayout Build(AcquisitionSettingsDocument s, string url, double width, PosterFonts fonts) =>
        Build(s, url, width, width / AspectRatio(s.Style), fonts);

    public static PosterLayout Build(AcquisitionSettingsDocument s, string url, double width, double height, PosterFonts fonts)
    {
        var unit = Math.Min(width, height);
        var elements = new List<PosterElement>
        {
            new RectElement("background", 0, 0, width, height, 0, "FFFFFF", null, 0),
            new RectElement("frame", unit * 0.025, unit * 0.025, width - (unit * 0.05), height - (unit * 0.05), unit * 0.03, null, s.ThemeColor, unit * 0.012),
        };
        double X(double percent) => width * percent / 100;
        double Y(double percent) => height * percent / 100;
        var maxTextWidth = width * 0.9;

        if (s.QrVisible)
        {
            var side = unit * 0.5 * s.QrSize;
            var border = s.QrBorderWidth * unit / 600;
            var padding = side * 0.06;
            var matrix = QrMatrix.Encode(url);
            var (left, top) = (X(s.QrLeft) - (side / 2), Y(s.QrTop) - (side / 2));
            elements.Add(new RectElement("qr-frame", left + (border / 2), top + (border / 2), side - border, side - border, side * 0.06,
                "FFFFFF", border > 0 ? s.QrBorderColor : null, border));
            var inner = side - (2 * (padding + border));
            elements.Add(new QrElement("qr", left + padding + border, top + padding + border, inner / matrix.Size, matrix, s.QrDotsStyle, s.QrColor));
        }

        if (s.BusinessNameVisible && s.BusinessName.Length > 0)
        {
            elements.Add(Line("business-name", [new(s.BusinessName, Ink, true)], X(s.BusinessNameLeft), Y(s.BusinessNameTop),
                unit * 0.055 * s.BusinessNameSize, maxTextWidth, fonts));
        }

        if (s.PosterHeadlineVisible && s.PosterHeadline.Length > 0)
        {
            elements.Add(Line("poster-headline", [new(s.PosterHeadline, s.ThemeColor, true)], X(s.PosterHeadlineLeft), Y(s.PosterHeadlineTop),
                unit * 0.1 * s.PosterHeadlineSize, maxTextWidth, fonts));
        }

        if (s.StarsVisible)
        {
            elements.Add(new PathElement("stars", Stars(X(s.StarsLeft), Y(s.StarsTop), unit * 0.045 * s.StarsSize), StarColor));
        }

        var footer = new List<TextRun>();
        if (s.FooterText.Length > 0)
        {
            footer.Add(new TextRun(s.FooterText + (s.GoogleLogoVisible ? " " : string.Empty), Ink, false));
        }

        if (s.GoogleLogoVisible)
        {
            footer.AddRange(GoogleWordmark.Select(l => new TextRun(l.Letter, l.Color, true)));
        }

        if (footer.Count > 0)
        {
            elements.Add(Line("google-logo", footer, X(s.GoogleLogoLeft), Y(s.GoogleLogoTop), unit * 0.06 * s.GoogleLogoSize, maxTextWidth, fonts));
        }

        if (s.BadgeVisible && s.BadgeText.Length > 0)
        {
            var size = unit * 0.045 * s.BadgeSize;
            var text = fonts.Measure(s.BadgeText, true, size);
            var (w, h) = (text + (size * 1.2), size * 1.7);
            var (cx, cy) = (X(s.BadgeLeft), Y(s.BadgeTop));
            elements.Add(new RectElement("badge", cx - (w / 2), cy - (h / 2), w, h, h / 2, s.BadgeColor, null, 0));
            elements.Add(new TextElement("badge-text", cx, Baseline(cy, size), size, [new(s.BadgeText, "FFFFFF", true)]));
        }

        return new PosterLayout(width, height, url, elements);
    }

    /// <summary>A line centred on (cx, cy), shrunk to fit the width when its text is long.</summary>
    private static TextElement Line(string id, IReadOnlyList<TextRun> runs, double cx, double cy, double size, double maxWidth, PosterFonts fonts)
    {
        var width = runs.Sum(r => fonts.Measure(r.Text, r.Bold, size));
        if (width > maxWidth)
        {
            size *= maxWidth / width;
        }

        return new TextElement(id, cx, Baseline(cy, size), size, runs);
    }

    /// <summary>The baseline that centres capitals and lower case around cy.</summary>
    private static double Baseline(double cy, double size) => cy + (size * 0.36);

    /// <summary>Five five-pointed stars side by side, centred on (cx, cy), each of outer radius r.</summary>
    public static string Stars(double cx, double cy, double radius)
    {
        var d = new StringBuilder();
        var step = radius * 2.3;
        for (var i = 0; i < 5; i++)
        {
            var x = cx + ((i - 2) * step);
            for (var p = 0; p < 10; p++)
            {
                var r = p % 2 == 0 ? radius : radius * 0.45;
                var angle = (-Math.PI / 2) + (p * Math.PI / 5);
                d.Append(p == 0 ? 'M' : 'L').Append(N(x + (r * Math.Cos(angle)))).Append(' ').Append(N(cy + (r * Math.Sin(angle))));
            }

            d.Append('Z');
        }

        return d.ToString();
    }

    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
