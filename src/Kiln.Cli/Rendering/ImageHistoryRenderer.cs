using System.Globalization;
using System.Text;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Renders <c>kiln history</c> as <c>docker history</c> does: <c>IMAGE CREATED CREATED BY SIZE COMMENT</c>, newest first,
/// <c>&lt;missing&gt;</c> for entries without an image of their own, CREATED BY cut to 45 characters with <c>…</c> unless
/// <c>--no-trunc</c>, and with <c>--human=false</c> the <c>CREATED AT</c> column in RFC 3339 and sizes in bytes.
/// </summary>
internal static class ImageHistoryRenderer
{
    private const string Missing = "<missing>";
    private const int CreatedByWidth = 45;

    public static string Table(IReadOnlyList<ImageHistoryRow> rows, bool noTrunc, bool human, DateTimeOffset now)
    {
        var table = new StoreTable("IMAGE", human ? "CREATED" : "CREATED AT", "CREATED BY", "SIZE", "COMMENT");
        foreach (var row in rows)
        {
            var createdBy = row.CreatedBy.Replace('\t', ' ');
            table.Add(
                Id(row, noTrunc),
                human ? StoreFormat.Ago(row.Created, now) : row.Created is { } created ? StoreFormat.Rfc3339(created) : "N/A",
                noTrunc ? createdBy : StoreFormat.Ellipsis(createdBy, CreatedByWidth),
                human ? StoreFormat.HumanSize(row.Size) : row.Size.ToString(CultureInfo.InvariantCulture),
                row.Comment);
        }

        return table.ToString();
    }

    public static string Quiet(IReadOnlyList<ImageHistoryRow> rows, bool noTrunc)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(Id(row, noTrunc)).Append('\n');
        }

        return text.ToString();
    }

    private static string Id(ImageHistoryRow row, bool noTrunc) =>
        row.Id is { } id ? ImageListRenderer.Id(id, noTrunc) : Missing;
}
