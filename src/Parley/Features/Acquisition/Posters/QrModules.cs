using System.Globalization;
using System.Text;
using QRCoder;

namespace Parley.Features.Acquisition.Posters;

/// <summary>A QR code as a square of dark (true) and light modules, without the quiet zone (the poster draws its own margin).</summary>
public sealed class QrMatrix
{
    private readonly bool[,] _dark;

    private QrMatrix(bool[,] dark) => _dark = dark;

    public int Size => _dark.GetLength(0);

    public bool this[int row, int column] => row >= 0 && column >= 0 && row < Size && column < Size && _dark[row, column];

    /// <summary>Error correction Q: posters get scuffed, and rounded or dotted modules cover less of each cell.</summary>
    public static QrMatrix Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        var modules = data.ModuleMatrix;
        var size = 21 + (4 * (data.Version - 1));
        var quiet = (modules.Count - size) / 2;
        var dark = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                dark[row, column] = modules[row + quiet][column + quiet];
            }
        }

        return new QrMatrix(dark);
    }

    /// <summary>Rows of 0/1, one string per row: how tests compare what was drawn with what QRCoder encodes.</summary>
    public IReadOnlyList<string> Rows()
    {
        var rows = new List<string>(Size);
        for (var row = 0; row < Size; row++)
        {
            var line = new StringBuilder(Size);
            for (var column = 0; column < Size; column++)
            {
                line.Append(_dark[row, column] ? '1' : '0');
            }

            rows.Add(line.ToString());
        }

        return rows;
    }
}

/// <summary>The shape of one dark module, in module units with the module's top-left corner at (column, row).</summary>
public abstract record ModuleShape;

public sealed record SquareModule(int Column, int Row) : ModuleShape;

public sealed record DotModule(int Column, int Row, double Radius) : ModuleShape;

/// <summary>An SVG path (absolute coordinates in module units); Skia parses the same string.</summary>
public sealed record PathModule(int Column, int Row, string Path) : ModuleShape;

/// <summary>
/// How each dot style draws a module. Rounded styles round a corner only where both neighbours on that corner are light, so
/// runs of modules join smoothly (as the qr-code-styling library does).
/// </summary>
public static class QrModuleShapes
{
    public static IEnumerable<ModuleShape> For(QrMatrix matrix, string style)
    {
        for (var row = 0; row < matrix.Size; row++)
        {
            for (var column = 0; column < matrix.Size; column++)
            {
                if (matrix[row, column])
                {
                    yield return Shape(matrix, style, row, column);
                }
            }
        }
    }

    private static ModuleShape Shape(QrMatrix m, string style, int row, int column)
    {
        if (style == "dots")
        {
            return new DotModule(column, row, 0.45);
        }

        var (radius, onlyDiagonal) = style switch
        {
            "rounded" => (0.35, false),
            "extra-rounded" => (0.5, false),
            "classy" => (0.5, true),
            "classy-rounded" => (0.5, false),
            _ => (0.0, false),
        };
        if (radius == 0)
        {
            return new SquareModule(column, row);
        }

        bool up = m[row - 1, column], down = m[row + 1, column], left = m[row, column - 1], right = m[row, column + 1];
        var topLeft = !up && !left ? radius : 0;
        var topRight = !up && !right && !onlyDiagonal ? radius : 0;
        var bottomRight = !down && !right ? radius : 0;
        var bottomLeft = !down && !left && !onlyDiagonal ? radius : 0;
        if (style == "classy-rounded")
        {
            // Classy corners (top-left, bottom-right) fully round; the other two only slightly.
            topRight = topRight > 0 ? 0.2 : 0;
            bottomLeft = bottomLeft > 0 ? 0.2 : 0;
        }

        return topLeft + topRight + bottomRight + bottomLeft == 0
            ? new SquareModule(column, row)
            : new PathModule(column, row, RoundedRect(column, row, 1, 1, topLeft, topRight, bottomRight, bottomLeft));
    }

    /// <summary>A rectangle with its own radius at each corner, as SVG path data.</summary>
    public static string RoundedRect(double x, double y, double w, double h, double topLeft, double topRight, double bottomRight, double bottomLeft)
    {
        var d = new StringBuilder();
        d.Append('M').Append(N(x + topLeft)).Append(' ').Append(N(y));
        d.Append('H').Append(N(x + w - topRight));
        Arc(d, topRight, x + w, y + topRight);
        d.Append('V').Append(N(y + h - bottomRight));
        Arc(d, bottomRight, x + w - bottomRight, y + h);
        d.Append('H').Append(N(x + bottomLeft));
        Arc(d, bottomLeft, x, y + h - bottomLeft);
        d.Append('V').Append(N(y + topLeft));
        Arc(d, topLeft, x + topLeft, y);
        return d.Append('Z').ToString();
    }

    private static void Arc(StringBuilder d, double radius, double toX, double toY)
    {
        if (radius > 0)
        {
            d.Append('A').Append(N(radius)).Append(' ').Append(N(radius)).Append(" 0 0 1 ").Append(N(toX)).Append(' ').Append(N(toY));
        }
    }

    public static string N(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
