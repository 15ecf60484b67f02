using System.Collections.Frozen;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// The immutable catalogue of BuildKit's build checks (LINT-* in features.md section 12): names, descriptions and
/// URLs exactly as BuildKit's linter rule set defines them.
/// </summary>
public static class CheckRules
{
    public static readonly CheckRule StageNameCasing = new(
        "StageNameCasing", "Stage names should be lowercase", CheckRule.UrlFor("stage-name-casing"));

    public static readonly CheckRule FromAsCasing = new(
        "FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword", CheckRule.UrlFor("from-as-casing"));

    public static readonly CheckRule NoEmptyContinuation = new(
        "NoEmptyContinuation", "Empty continuation lines will become errors in a future release", CheckRule.UrlFor("no-empty-continuation"));

    public static readonly CheckRule ConsistentInstructionCasing = new(
        "ConsistentInstructionCasing",
        "All commands within the Dockerfile should use the same casing (either upper or lower)",
        CheckRule.UrlFor("consistent-instruction-casing"));

    public static readonly CheckRule DuplicateStageName = new(
        "DuplicateStageName", "Stage names should be unique", CheckRule.UrlFor("duplicate-stage-name"));

    public static readonly CheckRule ReservedStageName = new(
        "ReservedStageName", "Reserved words should not be used as stage names", CheckRule.UrlFor("reserved-stage-name"));

    public static readonly CheckRule JsonArgsRecommended = new(
        "JSONArgsRecommended",
        "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
        CheckRule.UrlFor("json-args-recommended"));

    public static readonly CheckRule MaintainerDeprecated = new(
        "MaintainerDeprecated",
        "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
        CheckRule.UrlFor("maintainer-deprecated"));

    public static readonly CheckRule UndefinedArgInFrom = new(
        "UndefinedArgInFrom", "FROM command must use declared ARGs", CheckRule.UrlFor("undefined-arg-in-from"));

    public static readonly CheckRule WorkdirRelativePath = new(
        "WorkdirRelativePath",
        "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
        CheckRule.UrlFor("workdir-relative-path"));

    public static readonly CheckRule UndefinedVar = new(
        "UndefinedVar", "Variables should be defined before their use", CheckRule.UrlFor("undefined-var"));

    public static readonly CheckRule MultipleInstructionsDisallowed = new(
        "MultipleInstructionsDisallowed",
        "Multiple instructions of the same type should not be used in the same stage",
        CheckRule.UrlFor("multiple-instructions-disallowed"));

    public static readonly CheckRule LegacyKeyValueFormat = new(
        "LegacyKeyValueFormat",
        "Legacy key/value format with whitespace separator should not be used",
        CheckRule.UrlFor("legacy-key-value-format"));

    public static readonly CheckRule InvalidBaseImagePlatform = new(
        "InvalidBaseImagePlatform", "Base image platform does not match expected target platform", null);

    public static readonly CheckRule RedundantTargetPlatform = new(
        "RedundantTargetPlatform",
        "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        CheckRule.UrlFor("redundant-target-platform"));

    public static readonly CheckRule SecretsUsedInArgOrEnv = new(
        "SecretsUsedInArgOrEnv",
        "Sensitive data should not be used in the ARG or ENV commands",
        CheckRule.UrlFor("secrets-used-in-arg-or-env"));

    public static readonly CheckRule InvalidDefaultArgInFrom = new(
        "InvalidDefaultArgInFrom",
        "Default value for global ARG results in an empty or invalid base image name",
        CheckRule.UrlFor("invalid-default-arg-in-from"));

    public static readonly CheckRule FromPlatformFlagConstDisallowed = new(
        "FromPlatformFlagConstDisallowed",
        "FROM --platform flag should not use a constant value",
        CheckRule.UrlFor("from-platform-flag-const-disallowed"));

    public static readonly CheckRule CopyIgnoredFile = new(
        "CopyIgnoredFile",
        "Attempting to Copy file that is excluded by .dockerignore",
        CheckRule.UrlFor("copy-ignored-file"),
        IsExperimental: true);

    public static readonly CheckRule InvalidDefinitionDescription = new(
        "InvalidDefinitionDescription",
        "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. "
        + "If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.",
        CheckRule.UrlFor("invalid-definition-description"),
        IsExperimental: true);

    public static readonly CheckRule ExposeProtoCasing = new(
        "ExposeProtoCasing", "Protocol in EXPOSE instruction should be lowercase", CheckRule.UrlFor("expose-proto-casing"));

    public static readonly CheckRule ExposeInvalidFormat = new(
        "ExposeInvalidFormat",
        "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release",
        CheckRule.UrlFor("expose-invalid-format"));

    /// <summary>Every rule, in BuildKit's documentation order.</summary>
    public static IReadOnlyList<CheckRule> All { get; } =
    [
        StageNameCasing, FromAsCasing, NoEmptyContinuation, ConsistentInstructionCasing, DuplicateStageName,
        ReservedStageName, JsonArgsRecommended, MaintainerDeprecated, UndefinedArgInFrom, WorkdirRelativePath,
        UndefinedVar, MultipleInstructionsDisallowed, LegacyKeyValueFormat, InvalidBaseImagePlatform,
        RedundantTargetPlatform, SecretsUsedInArgOrEnv, InvalidDefaultArgInFrom, FromPlatformFlagConstDisallowed,
        CopyIgnoredFile, InvalidDefinitionDescription, ExposeProtoCasing, ExposeInvalidFormat,
    ];

    private static readonly FrozenDictionary<string, CheckRule> ByName =
        All.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The rule named <paramref name="name"/> (exact, case-sensitive as in <c>check=skip=</c>), or null.</summary>
    public static CheckRule? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.GetValueOrDefault(name);
    }
}
