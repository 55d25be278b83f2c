using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Parley.Features.Acquisition;
using Parley.Features.Acquisition.Posters;
using Parley.Tests.Infrastructure;
using SkiaSharp;

namespace Parley.Tests.Acquisition;

public sealed class PosterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ThePngPosterIsAPngOfTheRequestedWidthInThePostersProportions(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();

        var poster = await owner.GetAsync("/api/v1/acquisition/poster.png?width=600");
        var bytes = await poster.Content.ReadAsByteArrayAsync();
        await AcquisitionSamples.PutAsync(owner, new { style = "card" });
        var card = await owner.GetByteArrayAsync("/api/v1/acquisition/poster.png?width=600");

        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/png", poster.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal((600, 849), PngSize(bytes));
        Assert.Equal((600, 424), PngSize(card));
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Equal(600, bitmap.Width);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheQrCodeDrawnInThePngIsTheOneThatEncodesThePublicPage(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        var saved = await AcquisitionSamples.PutAsync(owner, new { qr_dots_style = "square", qr_color = "000000", qr_size = 1.2, qr_left = 45 });
        var url = $"http://localhost/f/{tenant.Slug}";

        var png = await owner.GetByteArrayAsync("/api/v1/acquisition/poster.png?width=1000");

        var settings = saved.Deserialize<AcquisitionSettingsDocument>(JsonOptions())!;
        var qr = PosterLayoutBuilder.Build(settings, url, 1000, tenant.App.Service<PosterFonts>()).Qr!;
        using var bitmap = SKBitmap.Decode(png);
        var drawn = new List<string>();
        for (var row = 0; row < qr.Matrix.Size; row++)
        {
            var line = new StringBuilder();
            for (var column = 0; column < qr.Matrix.Size; column++)
            {
                var pixel = bitmap.GetPixel((int)(qr.X + ((column + 0.5) * qr.ModuleSize)), (int)(qr.Y + ((row + 0.5) * qr.ModuleSize)));
                line.Append(pixel.Red + pixel.Green + pixel.Blue < 384 ? '1' : '0');
            }

            drawn.Add(line.ToString());
        }

        Assert.True(qr.ModuleSize > 8, $"module size {qr.ModuleSize}");
        Assert.Equal(QrMatrix.Encode(url).Rows(), drawn);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheSvgPosterIsXmlWhoseQrModulesAreThoseQrCoderEncodesForThePublicPage(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync("Salon & Spa <Ola>");
        using var owner = tenant.Client();
        await AcquisitionSamples.PutAsync(owner, new { business_name = "Salon & Spa <Ola>" }, "centrum");

        foreach (var style in new[] { "rounded", "square", "dots", "classy" })
        {
            await AcquisitionSamples.PutAsync(owner, new { qr_dots_style = style }, "centrum");
            var response = await owner.GetAsync("/api/v1/acquisition/poster.svg?location_id=centrum");
            var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());

            var url = $"http://localhost/f/{tenant.Slug}/centrum";
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(url, svg.Root!.Attribute("data-url")!.Value);
            Assert.Equal(QrMatrix.Encode(url).Rows(), DrawnModules(svg));
            Assert.Equal("Salon & Spa <Ola>", svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "business-name").Value);
            Assert.Equal("Oceń nas w Google",
                svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "google-logo").Value);
            Assert.Equal("SKANUJ", svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "badge-text").Value);
            Assert.Single(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("id") == "stars");
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ThePdfPosterIsAPdfOnTheChosenPaper(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();

        var a4 = await owner.GetAsync("/api/v1/acquisition/poster.pdf");
        var a4Bytes = await a4.Content.ReadAsByteArrayAsync();
        var a6 = await owner.GetByteArrayAsync("/api/v1/acquisition/poster.pdf?paper=a6");

        Assert.Equal(HttpStatusCode.OK, a4.StatusCode);
        Assert.Equal("application/pdf", a4.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(a4Bytes, 0, 5));
        Assert.Contains("/MediaBox [0 0 595 842]", Encoding.Latin1.GetString(a4Bytes), StringComparison.Ordinal);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(a6, 0, 5));
        Assert.Contains("/MediaBox [0 0 298 420]", Encoding.Latin1.GetString(a6), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task PosterOptionsOutOfRangeAndUnknownLocationsAreRefused(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        using var anonymous = tenant.App.CreateClient();

        var tooWide = await owner.GetAsync("/api/v1/acquisition/poster.png?width=20000");
        var paper = await owner.GetAsync("/api/v1/acquisition/poster.pdf?paper=b9");
        var notANumber = await owner.GetAsync("/api/v1/acquisition/poster.svg?width=wide");
        var location = await owner.GetAsync("/api/v1/acquisition/poster.png?location_id=nowhere");
        var unauthenticated = await anonymous.GetAsync("/api/v1/acquisition/poster.png");

        Assert.Equal(HttpStatusCode.BadRequest, tooWide.StatusCode);
        Assert.NotNull((await Json.ReadAsync(tooWide))["error"]!["details"]!["width"]);
        Assert.Equal(HttpStatusCode.BadRequest, paper.StatusCode);
        Assert.NotNull((await Json.ReadAsync(paper))["error"]!["details"]!["paper"]);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await Json.ReadAsync(notANumber))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, location.StatusCode);
        Assert.Equal("ACQUISITION_LOCATION_NOT_FOUND", (await Json.ReadAsync(location))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task TheConfiguredPublicBaseUrlIsWhatTheQrCodeOpens()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Server:PublicBaseUrl"] = "https://opinie.example.com/" });
        var tenant = await app.RegisterAsync();
        using var owner = tenant.Client();

        var svg = XDocument.Parse(await owner.GetStringAsync("/api/v1/acquisition/poster.svg"));
        var locations = await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/acquisition/locations"));

        var url = $"https://opinie.example.com/f/{tenant.Slug}";
        Assert.Equal(url, svg.Root!.Attribute("data-url")!.Value);
        Assert.Equal(QrMatrix.Encode(url).Rows(), DrawnModules(svg));
        Assert.Equal(url, locations[0]!["public_url"]!.GetValue<string>());
    }

    /// <summary>Rebuilds the module grid from the SVG: each element of the QR group sits in the cell of its first coordinate.</summary>
    private static List<string> DrawnModules(XDocument svg)
    {
        var group = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("id") == "qr");
        var size = int.Parse(group.Attribute("data-modules")!.Value, CultureInfo.InvariantCulture);
        var grid = Enumerable.Range(0, size).Select(_ => new char[size].AsSpan().ToArray()).ToArray();
        foreach (var row in grid)
        {
            Array.Fill(row, '0');
        }

        foreach (var module in group.Elements())
        {
            var (x, y) = module.Name.LocalName switch
            {
                "rect" => (D(module, "x"), D(module, "y")),
                "circle" => (D(module, "cx"), D(module, "cy")),
                _ => PathStart(module.Attribute("d")!.Value),
            };
            grid[(int)Math.Floor(y)][(int)Math.Floor(x)] = '1';
        }

        return [.. grid.Select(r => new string(r))];
    }

    private static double D(XElement element, string name) => double.Parse(element.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    private static (double X, double Y) PathStart(string d)
    {
        var parts = d[1..].Split(['H', 'V', 'A', 'L', 'Z'], 2)[0].Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

    private static JsonSerializerOptions JsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Parley.Platform.Json.JsonSetup.Configure(options);
        return options;
    }
}
