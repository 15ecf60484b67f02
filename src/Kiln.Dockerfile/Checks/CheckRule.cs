namespace Kiln.Dockerfile.Checks;

/// <summary>
/// One BuildKit build check (section 12 of features.md, LINT-*): its PascalCase name, the short description
/// BuildKit reports with every finding, the documentation URL (<c>https://docs.docker.com/go/dockerfile/rule/&lt;kebab-name&gt;/</c>;
/// null for <c>InvalidBaseImagePlatform</c>, which BuildKit ships without one) and whether the rule is experimental
/// (off unless enabled with <c>check=experimental=</c>).
/// </summary>
/// <param name="Name">The rule name used in findings and in <c>check=skip=</c> (<c>JSONArgsRecommended</c>).</param>
/// <param name="Description">BuildKit's description of the rule.</param>
/// <param name="Url">The documentation URL, or null when BuildKit has none.</param>
/// <param name="IsExperimental">True when the rule only runs after <c>check=experimental=&lt;name&gt;|all</c>.</param>
public sealed record CheckRule(string Name, string Description, string? Url, bool IsExperimental = false)
{
    /// <summary>The documentation URL for a kebab-case rule page name.</summary>
    internal static string UrlFor(string kebabName) => "https://docs.docker.com/go/dockerfile/rule/" + kebabName + "/";
}
