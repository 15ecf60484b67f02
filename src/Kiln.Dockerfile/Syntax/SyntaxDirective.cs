using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// A detected <c>syntax</c> directive (DF-DIR-SYNTAX, DF-DIR-SYNTAX-ALT): the frontend image reference and
/// the text after its first space (the "cmdline" passed to that frontend).
/// </summary>
/// <param name="Value">The whole directive value (<c>docker/dockerfile:1 --flag</c>).</param>
/// <param name="Ref">The image reference: the value up to the first space.</param>
/// <param name="Cmdline">The value after the first space, or empty.</param>
/// <param name="Range">Where the directive is.</param>
public sealed record SyntaxDirective(string Value, string Ref, string Cmdline, SourceRange Range);
