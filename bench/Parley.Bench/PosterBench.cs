using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley.Features.Acquisition;
using Parley.Features.Acquisition.Posters;
using QRCoder;
using SkiaSharp;

namespace Parley.Bench;

internal sealed record PosterResult(string Name, int Renders, double Seconds, long Bytes)
{
    public double MillisPerRender => Seconds * 1000 / Renders;
}

internal sealed record PosterResults(PosterResult BlankPng, PosterResult QrCoderPng, PosterResult Png, PosterResult Pdf, PosterResult Svg, string Fonts);

/// <summary>
/// Poster rendering in this process, one thread, with the default design: the A4 PNG (1240 px wide, 150 dpi), the A4 PDF and
/// the 600-unit SVG that the endpoints return. References in the same run: encoding a blank white PNG of the poster's size
/// (the floor any PNG poster pays) and QRCoder's own PNG of the same URL (a bare QR code, 20 px per module).
/// </summary>
internal static class PosterBench
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static PosterResults Run(Action<string> progress)
    {
        using var fonts = new PosterFonts(Options.Create(new PosterOptions()), NullLogger<PosterFonts>.Instance);
        var renderer = new PosterRenderer(fonts);
        var settings = AcquisitionRules.Defaults("Salon Urody Bella", "pl", AcquisitionRules.DefaultLocation) with { GooglePlaceId = "ChIJN1t_tDeuEmsRUsoyG83frY4" };
        const string url = "https://opinie.example.com/f/salon-urody-bella";
        var height = (int)Math.Round(PosterRenderer.DefaultPngWidth / PosterLayoutBuilder.AspectRatio(settings.Style));

        var blank = Measure("Reference: blank white PNG 1240x1754 (SkiaSharp default encode)", progress, () => BlankPng(PosterRenderer.DefaultPngWidth, height));
        var qr = Measure("Reference: QRCoder PngByteQRCode, same URL, 20 px/module", progress, () => QrCoderPng(url));
        var png = Measure("Parley poster PNG 1240 px (A4 at 150 dpi)", progress, () => renderer.Png(settings, url, PosterRenderer.DefaultPngWidth).Length);
        var pdf = Measure("Parley poster PDF A4", progress, () => renderer.Pdf(settings, url, "a4", "bench").Length);
        var svg = Measure("Parley poster SVG 600 units", progress, () => Encoding.UTF8.GetByteCount(renderer.Svg(settings, url, PosterRenderer.DefaultSvgWidth)));
        return new PosterResults(blank, qr, png, pdf, svg, fonts.Regular?.FamilyName ?? "none (text left out)");
    }

    public static void Format(StringBuilder s, PosterResults r)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"Posters (in-process, one thread, {Warmup.TotalSeconds:0} s warm-up + {Duration.TotalSeconds:0} s per row; font: {r.Fonts})");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {"render",-66} {"ms each",9} {"per s",8} {"bytes",9} {"vs blank PNG",13}");
        foreach (var x in new[] { r.BlankPng, r.QrCoderPng, r.Png, r.Pdf, r.Svg })
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {x.Name,-66} {x.MillisPerRender,9:0.00} {1000 / x.MillisPerRender,8:0} {x.Bytes,9} {x.MillisPerRender / r.BlankPng.MillisPerRender,12:0.00}x");
        }

        s.AppendLine("  NOTE: 'vs blank PNG' divides by the time SkiaSharp's default PNG encode takes for an empty canvas of the poster's size; the poster");
        s.AppendLine("        PNG draws the whole design and still comes in under it because it encodes with the 'up' filter only (PosterRenderer.Png).");
        s.AppendLine();
    }

    private static PosterResult Measure(string name, Action<string> progress, Func<long> render)
    {
        progress($"posters: {name}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Warmup)
        {
            render();
        }

        var renders = 0;
        long bytes = 0;
        clock.Restart();
        while (clock.Elapsed < Duration)
        {
            bytes = render();
            renders++;
        }

        return new PosterResult(name, renders, clock.Elapsed.TotalSeconds, bytes);
    }

    private static long BlankPng(int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))!;
        surface.Canvas.Clear(SKColors.White);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.Size;
    }

    private static long QrCoderPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return new PngByteQRCode(data).GetGraphic(20).Length;
    }
}
