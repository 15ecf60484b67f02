namespace Kiln.Dockerfile.Instructions;

/// <summary>One <c>name[=default]</c> of an ARG instruction (DF-ARG), raw (quotes kept until expansion).</summary>
/// <param name="Name">The name (never empty).</param>
/// <param name="Value">The default value, or null when none was given (<c>ARG x</c>, not <c>ARG x=</c>).</param>
public sealed record ArgDefinition(string Name, string? Value);
