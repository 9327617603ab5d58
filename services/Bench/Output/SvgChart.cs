using System.Globalization;
using System.Net;
using System.Text;

namespace InferenceAspire.Bench.Output;

/// <summary>Small inline SVG charts, so the report needs no script or network.</summary>
public static class SvgChart
{
    private const int Width = 560;
    private const int Height = 260;
    private const int Left = 60;
    private const int Bottom = 40;
    private const int Top = 30;
    private const int Right = 20;

    public static string Histogram(string title, string unit, IReadOnlyList<double> values, int bins = 30)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return Empty(title);
        }

        var min = finite.Min();
        var max = finite.Max();
        var width = max > min ? (max - min) / bins : 1;
        var counts = new int[bins];
        foreach (var v in finite)
        {
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        }

        var svg = Start(title, $"{unit}", "requests");
        var top = counts.Max();
        var barWidth = (double)(Width - Left - Right) / bins;
        for (var i = 0; i < bins; i++)
        {
            var h = (double)counts[i] / top * (Height - Top - Bottom);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + (i * barWidth):0.#}\" y=\"{Height - Bottom - h:0.#}\" width=\"{Math.Max(1, barWidth - 1):0.#}\" height=\"{h:0.#}\" fill=\"#4e79a7\"><title>{min + (i * width):0.##}–{min + ((i + 1) * width):0.##} {Escape(unit)}: {counts[i]}</title></rect>");
        }

        AxisLabels(svg, min, max, 0, top);
        return svg.Append("</svg>").ToString();
    }

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var all = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        if (all.Length == 0)
        {
            return Empty(title);
        }

        var (minX, maxX) = (all.Min(p => p.X), all.Max(p => p.X));
        var maxY = Math.Max(1e-9, all.Max(p => p.Y));
        if (maxX <= minX)
        {
            maxX = minX + 1;
        }

        string[] colours = ["#e15759", "#4e79a7", "#59a14f", "#f28e2b"];
        var svg = Start(title, xLabel, yLabel);
        for (var s = 0; s < series.Count; s++)
        {
            var points = string.Join(' ', series[s].Points.Where(p => double.IsFinite(p.Y)).Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{X(p.X, minX, maxX):0.#},{Y(p.Y, maxY):0.#}")));
            var colour = colours[s % colours.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            foreach (var p in series[s].Points.Where(p => double.IsFinite(p.Y)))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.X, minX, maxX):0.#}\" cy=\"{Y(p.Y, maxY):0.#}\" r=\"3\" fill=\"{colour}\"><title>{p.X:0.##}: {p.Y:0.##}</title></circle>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 150}\" y=\"{Top + 14 + (s * 14)}\" fill=\"{colour}\" font-size=\"11\">{Escape(series[s].Name)}</text>");
        }

        AxisLabels(svg, minX, maxX, 0, maxY);
        return svg.Append("</svg>").ToString();
    }

    private static double X(double x, double min, double max) => Left + ((x - min) / (max - min) * (Width - Left - Right));

    private static double Y(double y, double max) => Height - Bottom - (y / max * (Height - Top - Bottom));

    private static StringBuilder Start(string title, string xLabel, string yLabel) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Escape(title)}\" font-family=\"sans-serif\">")
        .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Escape(title)}</text>")
        .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>")
        .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>")
        .Append(CultureInfo.InvariantCulture, $"<text x=\"{(Width + Left) / 2}\" y=\"{Height - 6}\" font-size=\"11\" text-anchor=\"middle\">{Escape(xLabel)}</text>")
        .Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Height / 2}\" font-size=\"11\" transform=\"rotate(-90 12 {Height / 2})\" text-anchor=\"middle\">{Escape(yLabel)}</text>");

    private static void AxisLabels(StringBuilder svg, double minX, double maxX, double minY, double maxY)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - Bottom + 14}\" font-size=\"10\">{minX:0.##}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"end\">{maxX:0.##}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Height - Bottom}\" font-size=\"10\" text-anchor=\"end\">{minY:0.##}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 4}\" font-size=\"10\" text-anchor=\"end\">{maxY:0.##}</text>");
    }

    private static string Empty(string title) =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"40\"><text x=\"10\" y=\"25\" font-size=\"13\">{Escape(title)}: no data</text></svg>";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
