namespace Kiln.Dockerfile.Planning;

/// <summary>The stable error ids (KILN1301-KILN1399) of stage planning and stage evaluation.</summary>
public static class PlanningErrorIds
{
    /// <summary>An instruction other than ARG before the first FROM (DF-LEX-FROM-FIRST).</summary>
    public const string NoBuildStage = "KILN1301";

    /// <summary>The Dockerfile has no FROM at all.</summary>
    public const string NoStages = "KILN1302";

    /// <summary>A global ARG default could not be expanded (DF-ARG-GLOBAL-DEPS).</summary>
    public const string GlobalArg = "KILN1303";

    /// <summary>The FROM base name expanded to nothing (DF-FROM-ARG).</summary>
    public const string BlankBaseName = "KILN1304";

    /// <summary>The FROM <c>--platform</c> value is empty or not a platform (DF-FROM-PLATFORM).</summary>
    public const string InvalidPlatform = "KILN1305";

    /// <summary>The base (or <c>--from</c>) is neither a stage, a named context nor a valid image reference.</summary>
    public const string InvalidReference = "KILN1306";

    /// <summary><c>--target</c> names no stage (DF-STAGE-TARGET).</summary>
    public const string TargetNotFound = "KILN1307";

    /// <summary>A numeric stage reference out of range (DF-STAGE-INDEX).</summary>
    public const string InvalidStageIndex = "KILN1308";

    /// <summary>A reference to a stage defined later in the file (DF-STAGE-ORDER).</summary>
    public const string StageDefinedLater = "KILN1309";

    /// <summary>Stages depending on each other in a circle (DF-STAGE-CYCLE).</summary>
    public const string CircularDependency = "KILN1310";

    /// <summary>A variable substitution failed while evaluating an instruction (DF-VAR-ERRORS, DF-VAR-REQUIRED).</summary>
    public const string Expansion = "KILN1311";

    /// <summary>An EXPOSE value is not a valid port, range or protocol (DF-EXPOSE-*).</summary>
    public const string InvalidExpose = "KILN1312";

    /// <summary>An ONBUILD trigger of the base could not be parsed (DF-FROM-ONBUILD).</summary>
    public const string OnbuildTrigger = "KILN1313";

    /// <summary>A RUN mount target resolves to <c>/</c> (DF-RUN-MOUNT).</summary>
    public const string InvalidMountTarget = "KILN1314";

    /// <summary>A build option BuildKit removed was asked for (DF-PARG-REMOVED).</summary>
    public const string RemovedOption = "KILN1315";
}
