using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// <c>--call=targets</c> (CALL-TARGETS): every stage with its name, description (DF-STAGE-DOC), default flag,
/// base and platform as written, and location. Needs no build arguments: nothing is expanded.
/// </summary>
public static class PlanTargets
{
    /// <summary>The targets of a parsed Dockerfile.</summary>
    public static IReadOnlyList<BuildTarget> List(DockerfileSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return List(new InstructionParser().ParseAll(syntax));
    }

    /// <summary>The targets of already parsed instructions.</summary>
    public static IReadOnlyList<BuildTarget> List(IReadOnlyList<Instruction> instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        var froms = instructions.OfType<FromInstruction>().ToArray();
        return froms.Select((from, i) => new BuildTarget(
            from.StageName ?? string.Empty,
            DocComments.Find(from.Node.PrecedingComments, from.StageName),
            i == froms.Length - 1,
            from.BaseName,
            from.Platform,
            from.Range)).ToArray();
    }
}
