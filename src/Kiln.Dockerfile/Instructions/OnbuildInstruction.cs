namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>ONBUILD &lt;instruction&gt;</c> (DF-ONBUILD): the trigger text stored in <c>Config.OnBuild</c>
/// (the line without <c>ONBUILD</c>, heredoc bodies appended, DF-HEREDOC-ONBUILD) and the validated trigger.
/// Not expanded here: the trigger is expanded when it runs downstream.
/// </summary>
public sealed record OnbuildInstruction : Instruction
{
    public required string Expression { get; init; }

    public required Instruction Trigger { get; init; }
}
