using System.Globalization;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Instructions;

/// <summary>RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK parsing (DF-RUN*, DF-CMD, DF-ENTRYPOINT, DF-SHELL, DF-HEALTHCHECK*).</summary>
public sealed partial class InstructionParser
{
    private static CommandLine ParseCommand(InstructionLocator at, bool heredocs)
    {
        ParseFlags(at);
        return CommandLine.FromNode(at.Node, at.Node.Arguments, heredocs);
    }

    private static RunInstruction ParseRun(InstructionLocator at)
    {
        var flags = ParseFlags(at, new FlagSet().AddStrings("mount").AddString("network").AddString("security").AddStrings("device"));
        if (at.Node.Arguments.Count == 0)
        {
            throw AtLeastOne(at);
        }

        var network = RunNetwork.Default;
        if (flags.GetString("network") is { } n)
        {
            var i = Array.IndexOf(["default", "none", "host"], n);
            network = i >= 0
                ? (RunNetwork)i
                : throw at.Error(InstructionErrorIds.InvalidNetwork, $"invalid network mode \"{n}\"", at.FlagRange(flags.IndexOf("network")));
        }

        var security = RunSecurity.Sandbox;
        if (flags.GetString("security") is { } s)
        {
            var i = Array.IndexOf(["sandbox", "insecure"], s);
            security = i >= 0
                ? (RunSecurity)i
                : throw at.Error(InstructionErrorIds.InvalidSecurity, $"security \"{s}\" is not valid", at.FlagRange(flags.IndexOf("security")));
        }

        var mountValues = flags.GetStrings("mount");
        var mountIndexes = flags.IndicesOf("mount");
        var mounts = new Mount[mountValues.Count];
        for (var i = 0; i < mounts.Length; i++)
        {
            mounts[i] = MountParser.Parse(mountValues[i], null, at.FilePath, at.FlagRange(mountIndexes[i]));
        }

        var deviceValues = flags.GetStrings("device");
        var deviceIndexes = flags.IndicesOf("device");
        var devices = new RunDevice[deviceValues.Count];
        for (var i = 0; i < devices.Length; i++)
        {
            devices[i] = ParseDevice(deviceValues[i], at, at.FlagRange(deviceIndexes[i]));
        }

        return new RunInstruction
        {
            Node = at.Node,
            FilePath = at.FilePath,
            KeywordRange = at.KeywordRange,
            Command = CommandLine.FromNode(at.Node, at.Node.Arguments, includeHeredocs: true),
            Mounts = mounts,
            Network = network,
            Security = security,
            Devices = devices,
        };
    }

    private static RunDevice ParseDevice(string value, InstructionLocator at, SourceRange range)
    {
        var fields = CsvFields.Split(value, out var csvError)
            ?? throw at.Error(InstructionErrorIds.InvalidDevice, "failed to parse csv devices: " + csvError, range);
        string? name = null;
        var required = false;
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            var key = (eq >= 0 ? field[..eq] : field).ToLowerInvariant();
            var v = eq >= 0 ? field[(eq + 1)..] : null;
            if (v is null && key == "required")
            {
                required = true;
            }
            else if (key == "name" && v is not null)
            {
                name = name is null ? v : throw at.Error(InstructionErrorIds.InvalidDevice, $"device name already set to {name}", range);
            }
            else if (key == "required" && v is not null)
            {
                required = GoValues.ParseBool(v) ?? throw at.Error(InstructionErrorIds.InvalidDevice, $"invalid value for {key}: {v}", range);
            }
            else if (name is null)
            {
                name = field;
            }
            else if (v is null)
            {
                throw at.Error(InstructionErrorIds.InvalidDevice, $"invalid field '{field}' must be a key=value pair", range);
            }
            else
            {
                var match = Suggestions.Closest(key, ["name", "required"]);
                throw at.Error(InstructionErrorIds.InvalidDevice, $"unexpected key '{key}' in '{field}'" + (match is null ? string.Empty : $" (did you mean {match}?)"), range);
            }
        }

        return new RunDevice(name ?? throw at.Error(InstructionErrorIds.InvalidDevice, "device name is required", range), required);
    }

    private static ShellInstruction ParseShell(InstructionLocator at)
    {
        ParseFlags(at);
        if (at.Node.Arguments.Count == 0)
        {
            throw AtLeastOne(at);
        }

        if (!at.Node.IsJsonForm)
        {
            throw at.Error(InstructionErrorIds.NotJson, "SHELL requires the arguments to be in JSON form");
        }

        return new ShellInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Shell = at.Node.Arguments };
    }

    private static HealthcheckInstruction ParseHealthcheck(InstructionLocator at)
    {
        var args = at.Node.Arguments;
        if (args.Count == 0)
        {
            throw AtLeastOne(at);
        }

        var type = args[0].ToUpperInvariant();
        var rest = args.Skip(1).ToArray();
        if (type == "NONE")
        {
            // BuildKit does not read flags for NONE; only extra arguments are an error.
            if (rest.Length != 0)
            {
                throw at.Error(InstructionErrorIds.Healthcheck, "HEALTHCHECK NONE takes no arguments");
            }

            return new HealthcheckInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, IsNone = true, Test = ["NONE"] };
        }

        var flags = ParseFlags(at, new FlagSet().AddString("interval").AddString("timeout").AddString("start-period").AddString("start-interval").AddString("retries"));
        if (type != "CMD")
        {
            throw at.Error(InstructionErrorIds.Healthcheck, $"Unknown type \"{type}\" in HEALTHCHECK (try CMD)", at.TextRange(args[0]));
        }

        if (rest.Length == 0)
        {
            throw at.Error(InstructionErrorIds.Healthcheck, "Missing command after HEALTHCHECK CMD");
        }

        var command = new CommandLine(!at.Node.IsJsonForm, rest, []);
        IReadOnlyList<string> test = command.IsShellForm ? ["CMD-SHELL", command.ShellText!] : ["CMD", .. rest];

        TimeSpan Duration(string name)
        {
            if (flags.GetString(name) is not { Length: > 0 } value)
            {
                return TimeSpan.Zero;
            }

            var range = at.FlagRange(flags.IndexOf(name));
            var d = GoValues.ParseDuration(value, out var error) ?? throw at.Error(InstructionErrorIds.Healthcheck, error!, range);
            if (d != TimeSpan.Zero && d < TimeSpan.FromMilliseconds(1))
            {
                throw at.Error(InstructionErrorIds.Healthcheck, $"Interval \"{name}\" cannot be less than 1ms", range);
            }

            return d;
        }

        var retries = 0;
        if (flags.GetString("retries") is { Length: > 0 } r)
        {
            var range = at.FlagRange(flags.IndexOf("retries"));
            if (!int.TryParse(r, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out retries))
            {
                throw at.Error(InstructionErrorIds.Healthcheck, $"strconv.ParseInt: parsing \"{r}\": invalid syntax", range);
            }

            if (retries < 0)
            {
                throw at.Error(InstructionErrorIds.Healthcheck, $"--retries cannot be negative ({r})", range);
            }
        }

        return new HealthcheckInstruction
        {
            Node = at.Node,
            FilePath = at.FilePath,
            KeywordRange = at.KeywordRange,
            Command = command,
            Test = test,
            Interval = Duration("interval"),
            Timeout = Duration("timeout"),
            StartPeriod = Duration("start-period"),
            StartInterval = Duration("start-interval"),
            Retries = retries,
        };
    }
}
