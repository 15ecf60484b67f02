using System.Text;
using Kiln.Linux;

namespace Kiln.Archives.Tests.Layers;

/// <summary>
/// Generates a random directory tree from a seed (needs root): names with unicode and long names, modes with
/// setuid/setgid/sticky, large uids, regular files, dirs, symlinks, hardlinks, binary xattrs (including a
/// security.capability value), fifos, char and block devices, nanosecond mtimes.
/// </summary>
internal sealed class RandomTree(LinuxFileSystem fs, int seed)
{
    private static readonly string[] Fragments = ["a", "Z", "0", "-", "_", ".", "ü", "名前", "é", "🦀", "ß", " ", "~", "x", "é"];
    private readonly Random _random = new(seed);
    private readonly List<string> _files = [];
    private readonly List<string> _all = [];

    public void Create(string root, int maxEntries = 24)
    {
        Directory.CreateDirectory(root);
        var dirs = new List<string> { root };
        for (var i = 0; i < maxEntries; i++)
        {
            var parent = dirs[_random.Next(dirs.Count)];
            var path = parent + "/" + Name(parent);
            if (_all.Contains(path) || path == root)
            {
                continue;
            }

            switch (_random.Next(10))
            {
                case 0 or 1:
                    Directory.CreateDirectory(path);
                    dirs.Add(path);
                    Decorate(path, allowUserXattrs: true);
                    break;
                case 2 or 3 or 4:
                    File.WriteAllBytes(path, Content());
                    _files.Add(path);
                    Decorate(path, allowUserXattrs: true);
                    if (_random.Next(3) == 0)
                    {
                        fs.SetXattr(path, "security.capability", Support.SampleTree.CapabilityValue);
                    }

                    break;
                case 5:
                    fs.CreateSymlink(_random.Next(2) == 0 ? "/" + Name(root) + "/../" + Name(root) : Name(root), path);
                    fs.LChown(path, (uint)_random.Next(0, 5000), (uint)_random.Next(0, 5000));
                    break;
                case 6 when _files.Count > 0:
                    fs.CreateHardLink(_files[_random.Next(_files.Count)], path);
                    break;
                case 7:
                    fs.MakeNode(path, FileKind.Fifo, Mode());
                    Decorate(path, allowUserXattrs: false);
                    break;
                case 8:
                    fs.MakeNode(path, FileKind.CharacterDevice, Mode(), (uint)_random.Next(1, 300), (uint)_random.Next(0, 1 << 20));
                    Decorate(path, allowUserXattrs: false);
                    break;
                default:
                    fs.MakeNode(path, FileKind.BlockDevice, Mode(), (uint)_random.Next(1, 300), (uint)_random.Next(0, 256));
                    Decorate(path, allowUserXattrs: false);
                    break;
            }

            _all.Add(path);
        }

        // Times last, deepest first, so creating children does not move a directory's mtime afterwards.
        foreach (var path in _all.OrderByDescending(p => p.Length))
        {
            fs.SetTimes(path, new UnixTimestamp(_random.NextInt64(0, 4_000_000_000), _random.Next(0, 1_000_000_000)));
        }
    }

    private string Name(string parent)
    {
        var sb = new StringBuilder();
        var kind = _random.Next(8);
        if (kind == 0)
        {
            // Long: up to the 255-byte file name limit with multi-byte characters.
            while (Encoding.UTF8.GetByteCount(sb.ToString()) < 200)
            {
                sb.Append(Fragments[_random.Next(Fragments.Length)]);
            }
        }
        else
        {
            var length = _random.Next(1, 12);
            for (var i = 0; i < length; i++)
            {
                sb.Append(Fragments[_random.Next(Fragments.Length)]);
            }
        }

        var name = sb.ToString();
        if (name is "." or ".." || name.StartsWith(".wh.", StringComparison.Ordinal))
        {
            name = "n" + name;
        }

        // Keep full paths well under PATH_MAX even when nested.
        return parent.Length > 2000 ? "short" + _random.Next(1000) : name;
    }

    private byte[] Content()
    {
        var length = _random.Next(4) switch
        {
            0 => 0,
            1 => _random.Next(1, 600),
            2 => _random.Next(600, 20_000),
            _ => _random.Next(20_000, 150_000),
        };
        var data = new byte[length];
        if (_random.Next(2) == 0)
        {
            _random.NextBytes(data);
        }
        else
        {
            for (var i = 0; i < length; i++)
            {
                data[i] = (byte)"abcdef \n"[_random.Next(8)];
            }
        }

        return data;
    }

    private int Mode() => _random.Next(0, 0b111_111_111_111 + 1);

    private void Decorate(string path, bool allowUserXattrs)
    {
        fs.Chmod(path, Mode());
        var uid = _random.Next(3) == 0 ? (uint)_random.Next(2_000_000, 2_000_000_000) : (uint)_random.Next(0, 70_000);
        fs.LChown(path, uid, (uint)_random.Next(0, 70_000));
        if (allowUserXattrs && _random.Next(2) == 0)
        {
            var value = new byte[_random.Next(0, 40)];
            _random.NextBytes(value);
            fs.SetXattr(path, "user.k" + _random.Next(100), value);
        }

        if (_random.Next(3) == 0)
        {
            fs.SetXattr(path, "trusted.t" + _random.Next(10), [0x00, 0xff, 0x80, (byte)'=', (byte)'\n']);
        }
    }
}
