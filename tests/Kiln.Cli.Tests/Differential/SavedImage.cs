using System.Text.Json;
using Kiln.Archives.Tar;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// An image read from a docker-archive (<c>docker save</c> or <c>kiln save</c>): its layers applied into one
/// <see cref="RootfsTree"/>, its history, and the number of layers.
/// </summary>
public sealed record SavedImage(RootfsTree Tree, IReadOnlyList<HistoryLine> History, int LayerCount)
{
    public static SavedImage Read(string archive)
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var links = new List<(string Path, string Target)>();
        using (var file = File.OpenRead(archive))
        using (var reader = new TarReader(file))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                var path = entry.Path.TrimStart('.', '/');
                if (entry.Type == TarEntryType.RegularFile)
                {
                    var content = new MemoryStream();
                    reader.Content.CopyTo(content);
                    members[path] = content.ToArray();
                }
                else if (entry.Type == TarEntryType.Symlink)
                {
                    // docker save stores a layer shared by two steps once and links the second: "b/layer.tar -> ../a/layer.tar".
                    var directory = Path.GetDirectoryName(path) ?? "";
                    links.Add((path, Path.GetRelativePath("/", Path.GetFullPath(Path.Combine("/", directory, entry.LinkTarget!)))));
                }
            }
        }

        foreach (var (path, target) in links)
        {
            members[path] = members[target];
        }

        using var manifest = JsonDocument.Parse(members["manifest.json"]);
        var image = manifest.RootElement[0];
        using var config = JsonDocument.Parse(members[image.GetProperty("Config").GetString()!]);
        var tree = new RootfsTree();
        var layers = image.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
        foreach (var layer in layers)
        {
            tree.Apply(new MemoryStream(members[layer]));
        }

        var history = config.RootElement.TryGetProperty("history", out var entries)
            ? entries.EnumerateArray().Select(h => new HistoryLine(
                h.TryGetProperty("created_by", out var by) ? by.GetString() ?? "" : "",
                h.TryGetProperty("empty_layer", out var empty) && empty.GetBoolean(),
                h.TryGetProperty("comment", out var comment) ? comment.GetString() : null)).ToList()
            : [];
        return new SavedImage(tree, history, layers.Count);
    }
}
