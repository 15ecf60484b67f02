using System.Text;
using Kiln.Oci;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Renders <c>kiln images</c> as Docker's <c>docker images</c> does: the table <c>REPOSITORY TAG [DIGEST] IMAGE ID CREATED SIZE</c>,
/// <c>-q</c> (IDs only) and <c>--format json</c> (one object per line with the keys of Docker's <c>{{json .}}</c>, sorted).
/// </summary>
internal static class ImageListRenderer
{
    private const string None = "<none>";

    public static string Table(IReadOnlyList<ImageListRow> rows, bool digests, bool noTrunc, DateTimeOffset now)
    {
        var table = digests
            ? new StoreTable("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
            : new StoreTable("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        foreach (var row in rows)
        {
            var id = Id(row.ImageId, noTrunc);
            var created = StoreFormat.Ago(row.Created, now);
            var size = StoreFormat.HumanSize(row.Size);
            if (digests)
            {
                table.Add(row.Reference.FamiliarName, Tag(row), row.ManifestDigest.ToString(), id, created, size);
            }
            else
            {
                table.Add(row.Reference.FamiliarName, Tag(row), id, created, size);
            }
        }

        return table.ToString();
    }

    public static string Quiet(IReadOnlyList<ImageListRow> rows, bool noTrunc)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(Id(row.ImageId, noTrunc)).Append('\n');
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<ImageListRow> rows, bool noTrunc, DateTimeOffset now)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(StoreJson.Write(
                w =>
                {
                    w.WriteStartObject();
                    w.WriteString("Containers", "N/A");
                    w.WriteString("CreatedAt", row.Created is { } created ? StoreFormat.GoTimeString(created) : string.Empty);
                    w.WriteString("CreatedSince", StoreFormat.Ago(row.Created, now));
                    w.WriteString("Digest", row.ManifestDigest.ToString());
                    w.WriteString("ID", Id(row.ImageId, noTrunc));
                    w.WriteString("Repository", row.Reference.FamiliarName);
                    w.WriteString("SharedSize", "N/A");
                    w.WriteString("Size", StoreFormat.HumanSize(row.Size));
                    w.WriteString("Tag", Tag(row));
                    w.WriteString("UniqueSize", "N/A");
                    w.WriteString("VirtualSize", StoreFormat.HumanSize(row.Size, 4));
                    w.WriteEndObject();
                },
                indented: false)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>An image ID as Docker prints it: 12 hex digits, or <c>sha256:&lt;all&gt;</c> with <c>--no-trunc</c>.</summary>
    public static string Id(Digest id, bool noTrunc) => noTrunc ? id.ToString() : id.Short;

    private static string Tag(ImageListRow row) => row.Reference.Tag ?? None;
}
