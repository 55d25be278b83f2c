using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Parley.Features.Acquisition.Posters;

/// <summary>
/// The typefaces posters are drawn with, found once. The Linux SkiaSharp build used here has no fontconfig, so fonts are loaded
/// from files: the configured one, else DejaVu Sans or Liberation Sans where Debian, Fedora and Arch put them.
/// </summary>
public sealed class PosterFonts : IDisposable
{
    /// <summary>Written into SVG, so a browser picks the same face when it has it and a close one when not.</summary>
    public const string SvgFamily = "'DejaVu Sans', Verdana, 'Liberation Sans', Arial, sans-serif";

    private static readonly string[] RegularCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    ];

    private static readonly string[] BoldCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf",
    ];

    public PosterFonts(IOptions<PosterOptions> options, ILogger<PosterFonts> logger)
    {
        Regular = Load(options.Value.FontFile, RegularCandidates);
        Bold = Load(options.Value.BoldFontFile, BoldCandidates) ?? Regular;
        if (Regular is null)
        {
            logger.LogWarning("No font found for posters (set Posters:FontFile or install fonts-dejavu); PNG and PDF posters are drawn without text.");
        }
    }

    /// <summary>Null when no font exists on this machine: text is then left out of PNG and PDF (SVG keeps it).</summary>
    public SKTypeface? Regular { get; }

    public SKTypeface? Bold { get; }

    public SKTypeface? For(bool bold) => bold ? Bold : Regular;

    /// <summary>Advance width of the text at the size; estimated from the character count when there is no font.</summary>
    public double Measure(string text, bool bold, double size)
    {
        if (For(bold) is not { } typeface)
        {
            return text.Length * size * (bold ? 0.62 : 0.56);
        }

        using var font = new SKFont(typeface, (float)size);
        return font.MeasureText(text);
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Bold, Regular))
        {
            Bold?.Dispose();
        }

        Regular?.Dispose();
    }

    private static SKTypeface? Load(string? configured, IEnumerable<string> candidates)
    {
        foreach (var path in string.IsNullOrWhiteSpace(configured) ? candidates : [configured, .. candidates])
        {
            if (File.Exists(path) && SKTypeface.FromFile(path) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        return SKFontManager.Default.MatchFamily("DejaVu Sans") is { GlyphCount: > 0 } system ? system : null;
    }
}
