using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// A finding before the check configuration is applied: the rule, BuildKit's message, where, and the instruction whose
/// <c># check=</c> comment may skip it locally (null for rules BuildKit only controls file-wide), and the file when it is not the checked Dockerfile.
/// </summary>
internal readonly record struct RawFinding(CheckRule Rule, string Message, SourceRange? Range, InstructionNode? Scope, string? Suggestion = null, string? FilePath = null);
