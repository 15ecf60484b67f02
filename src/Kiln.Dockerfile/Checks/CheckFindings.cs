using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Builds build-check findings (LINT-OUTPUT): a warning <see cref="Diagnostic"/> whose id is the rule name, with the
/// rule's description and URL and BuildKit's exact message. The public factories serve rules other components detect
/// (the planner's UndefinedVar, the engine's InvalidBaseImagePlatform); pass their results to
/// <see cref="CheckInput.ExternalFindings"/> so the check configuration applies to them too.
/// </summary>
public static class CheckFindings
{
    /// <summary>A finding of <paramref name="rule"/> with <paramref name="message"/> at <paramref name="range"/>.</summary>
    public static Diagnostic Create(CheckRule rule, string message, string? filePath, SourceRange? range, string? suggestion = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(message);
        return new Diagnostic
        {
            Id = rule.Name,
            Severity = DiagnosticSeverity.Warning,
            Message = message,
            Description = rule.Description,
            Url = rule.Url,
            FilePath = filePath,
            Range = range,
            Suggestion = suggestion,
        };
    }

    /// <summary>UndefinedVar (LINT-UNDEFINED-VAR): "Usage of undefined variable '$name' (did you mean $suggestion?)".</summary>
    public static Diagnostic UndefinedVar(string name, string? suggestion, SourceRange? range, string? filePath)
    {
        ArgumentNullException.ThrowIfNull(name);
        var message = $"Usage of undefined variable '${name}'";
        if (!string.IsNullOrEmpty(suggestion))
        {
            message += $" (did you mean ${suggestion}?)";
        }

        return Create(CheckRules.UndefinedVar, message, filePath, range);
    }

    /// <summary>
    /// InvalidBaseImagePlatform (LINT-INVALID-BASE-PLATFORM): "Base image &lt;image&gt; was pulled with platform "&lt;actual&gt;",
    /// expected "&lt;expected&gt;" for current build".
    /// </summary>
    public static Diagnostic InvalidBaseImagePlatform(string image, string expected, string actual, SourceRange? range, string? filePath)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var message = $"Base image {image} was pulled with platform {GoText.Quote(actual)}, expected {GoText.Quote(expected)} for current build";
        return Create(CheckRules.InvalidBaseImagePlatform, message, filePath, range);
    }

    internal static string StageNameCasing(string stageName) => $"Stage name '{stageName}' should be lowercase";

    internal static string FromAsCasing(string from, string asWord) => $"'{asWord}' and '{from}' keywords' casing do not match";

    internal static string NoEmptyContinuation() => "Empty continuation line";

    internal static string ConsistentInstructionCasing(string command, string casing) =>
        $"Command '{command}' should match the case of the command majority ({casing})";

    internal static string DuplicateStageName(string stageName) =>
        $"Duplicate stage name {GoText.Quote(stageName)}, stage names should be unique";

    internal static string ReservedStageName(string stageName) =>
        $"Stage name should not use the same name as reserved stage {GoText.Quote(stageName)}";

    internal static string JsonArgsRecommended(string instruction) =>
        $"JSON arguments recommended for {instruction} to prevent unintended behavior related to OS signals";

    internal static string MaintainerDeprecated() => "Maintainer instruction is deprecated in favor of using label";

    internal static string UndefinedArgInFrom(string name, string? suggestion) =>
        $"FROM argument '{name}' is not declared" + (string.IsNullOrEmpty(suggestion) ? string.Empty : $" (did you mean {suggestion}?)");

    internal static string WorkdirRelativePath(string workdir) =>
        $"Relative workdir {GoText.Quote(workdir)} can have unexpected results if the base image changes";

    internal static string MultipleInstructionsDisallowed(string instruction) =>
        $"Multiple {instruction} instructions should not be used in the same stage because only the last one will be used";

    internal static string LegacyKeyValueFormat(string instruction) =>
        $"\"{instruction} key=value\" should be used instead of legacy \"{instruction} key value\" format";

    internal static string RedundantTargetPlatform(string platform) =>
        $"Setting platform to predefined {platform} in FROM is redundant as this is the default behavior";

    internal static string SecretsUsedInArgOrEnv(string instruction, string key) =>
        $"Do not use ARG or ENV instructions for sensitive data ({instruction} {GoText.Quote(key)})";

    internal static string InvalidDefaultArgInFrom(string baseName) =>
        $"Default value for ARG {baseName} results in empty or invalid base image name";

    internal static string FromPlatformFlagConstDisallowed(string platform) =>
        $"FROM --platform flag should not use constant value {GoText.Quote(platform)}";

    internal static string CopyIgnoredFile(string command, string file) =>
        $"Attempting to {command} file {GoText.Quote(file)} that is excluded by .dockerignore";

    internal static string InvalidDefinitionDescription(string instruction, string name) =>
        $"Comment for {instruction} should follow the format: `# {name} <description>`";

    internal static string ExposeProtoCasing(string port) => $"Defined protocol '{port}' in EXPOSE instruction should be lowercase";

    internal static string ExposeInvalidFormat(string port) =>
        $"EXPOSE instruction should not define an IP address or host-port mapping, found '{port}'";
}
