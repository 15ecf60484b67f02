namespace Kiln.Dockerfile.Instructions;

/// <summary>The stable error ids (KILN1201-KILN1299) of instruction parsing and validation.</summary>
public static class InstructionErrorIds
{
    /// <summary>Unknown instruction keyword (DF-LEX-UNKNOWN).</summary>
    public const string UnknownInstruction = "KILN1201";

    /// <summary>Unknown flag for the instruction (DF-LEX-FLAG-TYPES).</summary>
    public const string UnknownFlag = "KILN1202";

    /// <summary>A non-repeatable flag given twice.</summary>
    public const string DuplicateFlag = "KILN1203";

    /// <summary>A flag without its required value (<c>--chown</c>, <c>--link=</c>).</summary>
    public const string MissingFlagValue = "KILN1204";

    /// <summary>A boolean flag with a value other than true/false.</summary>
    public const string InvalidBoolFlag = "KILN1205";

    /// <summary>A word in the flag position that is not a flag.</summary>
    public const string InvalidFlagSyntax = "KILN1206";

    /// <summary>Wrong number of arguments ("requires exactly one argument").</summary>
    public const string ArgumentCount = "KILN1210";

    /// <summary>FROM argument shape or stage name invalid (DF-FROM-AS).</summary>
    public const string InvalidStageName = "KILN1211";

    /// <summary>SHELL not in JSON form (DF-SHELL).</summary>
    public const string NotJson = "KILN1212";

    /// <summary>Blank ENV/LABEL/ARG name.</summary>
    public const string BlankName = "KILN1213";

    /// <summary>Empty VOLUME path.</summary>
    public const string EmptyVolume = "KILN1214";

    /// <summary>Forbidden ONBUILD trigger (DF-ONBUILD-FORBIDDEN).</summary>
    public const string OnbuildTrigger = "KILN1215";

    /// <summary>Invalid STOPSIGNAL value (DF-STOPSIGNAL).</summary>
    public const string InvalidSignal = "KILN1216";

    /// <summary>HEALTHCHECK type, command, duration or retries invalid (DF-HEALTHCHECK-*).</summary>
    public const string Healthcheck = "KILN1217";

    /// <summary>Variables in <c>COPY --from</c> (DF-VAR-FLAGS).</summary>
    public const string FromVariable = "KILN1220";

    /// <summary>URL or git source for COPY (DF-COPY-NO-REMOTE).</summary>
    public const string CopyRemoteSource = "KILN1221";

    /// <summary>Invalid <c>--chmod</c> value (DF-COPY-CHMOD).</summary>
    public const string InvalidChmod = "KILN1222";

    /// <summary>Invalid <c>--chown</c> value (DF-COPY-CHOWN).</summary>
    public const string InvalidChown = "KILN1223";

    /// <summary><c>ADD --checksum</c> with several sources (DF-ADD-CHECKSUM).</summary>
    public const string ChecksumSources = "KILN1224";

    /// <summary>A heredoc used as COPY/ADD destination (DF-HEREDOC-DEST).</summary>
    public const string HeredocDestination = "KILN1225";

    /// <summary>Invalid <c>RUN --network</c> (DF-RUN-NETWORK).</summary>
    public const string InvalidNetwork = "KILN1230";

    /// <summary>Invalid <c>RUN --security</c> (DF-RUN-SECURITY).</summary>
    public const string InvalidSecurity = "KILN1231";

    /// <summary>Invalid <c>RUN --device</c> (DF-RUN-DEVICE).</summary>
    public const string InvalidDevice = "KILN1232";

    /// <summary>Malformed <c>--mount</c> CSV or a field that is not key=value (DF-RUN-MOUNT).</summary>
    public const string MountSyntax = "KILN1240";

    /// <summary>Unknown mount type (DF-RUN-MOUNT-VALIDATE).</summary>
    public const string MountType = "KILN1241";

    /// <summary>Unknown mount key or a key not allowed for the mount type.</summary>
    public const string MountKey = "KILN1242";

    /// <summary>Invalid mount option value (bool, mode, uid, gid, size, sharing).</summary>
    public const string MountValue = "KILN1243";

    /// <summary>Variables in a mount's <c>from</c>.</summary>
    public const string MountFromVariable = "KILN1244";

    /// <summary>Missing or invalid mount target.</summary>
    public const string MountTarget = "KILN1245";

    /// <summary>Invalid combination of secret/ssh mount options.</summary>
    public const string MountCombination = "KILN1246";
}
