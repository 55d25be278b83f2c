using System.Globalization;
using System.Text;
using System.Xml;
using SkiaSharp;

namespace Parley.Features.Acquisition.Posters;

/// <summary>Paper sizes for PDF posters, in points (1/72 inch), portrait.</summary>
public static class PaperSizes
{
    public static readonly IReadOnlyDictionary<string, (double Width, double Height)> All = new Dictionary<string, (double, double)>(StringComparer.Ordinal)
    {
        ["a3"] = (841.89, 1190.55),
        ["a4"] = (595.28, 841.89),
        ["a5"] = (419.53, 595.28),
        ["a6"] = (297.64, 419.53),
        ["letter"] = (612, 792),
    };
}

/// <summary>Draws a <see cref="PosterLayout"/> as PNG or PDF (SkiaSharp) and as SVG (written directly).</summary>
public sealed class PosterRenderer(PosterFonts fonts)
{
    public const int DefaultPngWidth = 1240;
    public const int DefaultSvgWidth = 600;
    public const int MinWidth = 200;
    public const int MaxWidth = 4000;

    public PosterLayout Layout(AcquisitionSettingsDocument settings, string url, double width) =>
        PosterLayoutBuilder.Build(settings, url, width, fonts);

    public byte[] Png(AcquisitionSettingsDocument settings, string url, int width)
    {
        var layout = Layout(settings, url, width);
        using var surface = SKSurface.Create(new SKImageInfo(width, (int)Math.Round(layout.Height), SKColorType.Rgba8888, SKAlphaType.Premul))
                            ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        Draw(surface.Canvas, layout);
        // The "up" filter alone: posters are flat colour, and it encodes about twice as fast as trying every filter, at the same size.
        using var pixels = surface.PeekPixels() ?? throw new InvalidOperationException("SkiaSharp could not read the drawing surface.");
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 6))
                         ?? throw new InvalidOperationException("SkiaSharp could not encode the poster as PNG.");
        return data.ToArray();
    }

    /// <summary>One page of the paper size: portrait for posters, landscape for cards. Everything stays vector.</summary>
    public byte[] Pdf(AcquisitionSettingsDocument settings, string url, string paper, string title)
    {
        var (w, h) = PaperSizes.All[paper];
        if (settings.Style == "card")
        {
            (w, h) = (h, w);
        }

        var layout = PosterLayoutBuilder.Build(settings, url, w, h, fonts);
        using var stream = new MemoryStream();
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = title;
        metadata.Creator = "Parley";
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage((float)w, (float)h);
            Draw(canvas, layout, textAsPaths: true);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    public string Svg(AcquisitionSettingsDocument settings, string url, int width) => Svg(Layout(settings, url, width), settings.PosterHeadline);

    /// <summary>Draws the layout; <paramref name="textAsPaths"/> outlines the text (PDF: no font file to embed, a tenth of the size).</summary>
    public void Draw(SKCanvas canvas, PosterLayout layout, bool textAsPaths = false)
    {
        using var paint = new SKPaint { IsAntialias = true };
        foreach (var element in layout.Elements)
        {
            switch (element)
            {
                case RectElement r:
                    var rect = SKRect.Create((float)r.X, (float)r.Y, (float)r.Width, (float)r.Height);
                    if (r.Fill is not null)
                    {
                        Fill(paint, r.Fill);
                        canvas.DrawRoundRect(rect, (float)r.Radius, (float)r.Radius, paint);
                    }

                    if (r.Stroke is not null && r.StrokeWidth > 0)
                    {
                        paint.Style = SKPaintStyle.Stroke;
                        paint.Color = Color(r.Stroke);
                        paint.StrokeWidth = (float)r.StrokeWidth;
                        canvas.DrawRoundRect(rect, (float)r.Radius, (float)r.Radius, paint);
                    }

                    break;
                case PathElement p:
                    Fill(paint, p.Fill);
                    using (var path = SKPath.ParseSvgPathData(p.Path))
                    {
                        canvas.DrawPath(path, paint);
                    }

                    break;
                case TextElement t:
                    DrawText(canvas, paint, t, textAsPaths);
                    break;
                case QrElement q:
                    DrawQr(canvas, paint, q);
                    break;
            }
        }
    }

    private void DrawText(SKCanvas canvas, SKPaint paint, TextElement text, bool asPaths)
    {
        if (fonts.Regular is null)
        {
            return;
        }

        var widths = text.Runs.Select(r => fonts.Measure(r.Text, r.Bold, text.FontSize)).ToList();
        var x = text.CenterX - (widths.Sum() / 2);
        for (var i = 0; i < text.Runs.Count; i++)
        {
            var run = text.Runs[i];
            using var font = new SKFont(fonts.For(run.Bold), (float)text.FontSize) { Subpixel = true };
            Fill(paint, run.Color);
            if (asPaths)
            {
                using var outline = font.GetTextPath(run.Text, new SKPoint((float)x, (float)text.Baseline));
                canvas.DrawPath(outline, paint);
            }
            else
            {
                canvas.DrawText(run.Text, (float)x, (float)text.Baseline, SKTextAlign.Left, font, paint);
            }

            x += widths[i];
        }
    }

    private static void DrawQr(SKCanvas canvas, SKPaint paint, QrElement qr)
    {
        // One path for all modules: filled as a whole, neighbours join without anti-aliased seams between them.
        using var builder = new SKPathBuilder();
        foreach (var module in QrModuleShapes.For(qr.Matrix, qr.DotsStyle))
        {
            switch (module)
            {
                case SquareModule s:
                    builder.AddRect(SKRect.Create(s.Column, s.Row, 1, 1), SKPathDirection.Clockwise);
                    break;
                case DotModule d:
                    builder.AddCircle(d.Column + 0.5f, d.Row + 0.5f, (float)d.Radius, SKPathDirection.Clockwise);
                    break;
                case PathModule p:
                    using (var path = SKPath.ParseSvgPathData(p.Path))
                    {
                        builder.AddPath(path, SKPathAddMode.Append);
                    }

                    break;
            }
        }

        using var modules = builder.Detach();
        Fill(paint, qr.Color);
        canvas.Save();
        canvas.Translate((float)qr.X, (float)qr.Y);
        canvas.Scale((float)qr.ModuleSize);
        canvas.DrawPath(modules, paint);
        canvas.Restore();
    }

    private static void Fill(SKPaint paint, string color)
    {
        paint.Style = SKPaintStyle.Fill;
        paint.Color = Color(color);
    }

    private static SKColor Color(string hex) => SKColor.Parse(hex);

    /// <summary>
    /// The poster as SVG. The QR modules sit in a group scaled to module units, one element per dark module at its (column, row),
    /// so the drawn code can be compared with the encoded one.
    /// </summary>
    public static string Svg(PosterLayout layout, string title)
    {
        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            const string ns = "http://www.w3.org/2000/svg";
            xml.WriteStartElement("svg", ns);
            xml.WriteAttributeString("viewBox", $"0 0 {N(layout.Width)} {N(layout.Height)}");
            xml.WriteAttributeString("width", N(layout.Width));
            xml.WriteAttributeString("height", N(layout.Height));
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("data-url", layout.Url);
            xml.WriteElementString("title", ns, title);
            foreach (var element in layout.Elements)
            {
                switch (element)
                {
                    case RectElement r:
                        xml.WriteStartElement("rect", ns);
                        xml.WriteAttributeString("id", r.Id);
                        Attributes(xml, ("x", N(r.X)), ("y", N(r.Y)), ("width", N(r.Width)), ("height", N(r.Height)), ("rx", N(r.Radius)),
                            ("fill", r.Fill is null ? "none" : "#" + r.Fill));
                        if (r.Stroke is not null && r.StrokeWidth > 0)
                        {
                            Attributes(xml, ("stroke", "#" + r.Stroke), ("stroke-width", N(r.StrokeWidth)));
                        }

                        xml.WriteEndElement();
                        break;
                    case PathElement p:
                        xml.WriteStartElement("path", ns);
                        Attributes(xml, ("id", p.Id), ("d", p.Path), ("fill", "#" + p.Fill));
                        xml.WriteEndElement();
                        break;
                    case TextElement t:
                        xml.WriteStartElement("text", ns);
                        Attributes(xml, ("id", t.Id), ("x", N(t.CenterX)), ("y", N(t.Baseline)), ("font-size", N(t.FontSize)),
                            ("text-anchor", "middle"), ("font-family", PosterFonts.SvgFamily), ("xml:space", "preserve"));
                        foreach (var run in t.Runs)
                        {
                            xml.WriteStartElement("tspan", ns);
                            Attributes(xml, ("fill", "#" + run.Color), ("font-weight", run.Bold ? "bold" : "normal"));
                            xml.WriteString(run.Text);
                            xml.WriteEndElement();
                        }

                        xml.WriteEndElement();
                        break;
                    case QrElement q:
                        WriteQr(xml, ns, q);
                        break;
                }
            }

            xml.WriteEndElement();
        }

        return output.ToString();
    }

    private static void WriteQr(XmlWriter xml, string ns, QrElement qr)
    {
        xml.WriteStartElement("g", ns);
        Attributes(xml, ("id", qr.Id), ("fill", "#" + qr.Color), ("data-modules", qr.Matrix.Size.ToString(CultureInfo.InvariantCulture)),
            ("data-dots-style", qr.DotsStyle), ("transform", $"translate({N(qr.X)} {N(qr.Y)}) scale({qr.ModuleSize.ToString("0.#####", CultureInfo.InvariantCulture)})"));
        foreach (var module in QrModuleShapes.For(qr.Matrix, qr.DotsStyle))
        {
            switch (module)
            {
                case SquareModule s:
                    xml.WriteStartElement("rect", ns);
                    Attributes(xml, ("x", N(s.Column)), ("y", N(s.Row)), ("width", "1.02"), ("height", "1.02"));
                    break;
                case DotModule d:
                    xml.WriteStartElement("circle", ns);
                    Attributes(xml, ("cx", N(d.Column + 0.5)), ("cy", N(d.Row + 0.5)), ("r", N(d.Radius)));
                    break;
                case PathModule p:
                    xml.WriteStartElement("path", ns);
                    Attributes(xml, ("d", p.Path));
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Attributes(XmlWriter xml, params (string Name, string Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == "xml:space")
            {
                xml.WriteAttributeString("xml", "space", null, value);
            }
            else
            {
                xml.WriteAttributeString(name, value);
            }
        }
    }

    private static string N(double value) => PosterLayoutBuilder.N(value);
}
