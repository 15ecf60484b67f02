namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>STOPSIGNAL &lt;signal&gt;</c> (DF-STOPSIGNAL): raw; validated at parse time when it holds no
/// variable, and by <see cref="Validate"/> after expansion.
/// </summary>
public sealed record StopSignalInstruction : Instruction
{
    public required string Signal { get; init; }

    /// <summary>Expands the signal and validates the result.</summary>
    public StopSignalInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        var expanded = this with { Signal = expander.ExpandWord(Signal) };
        expanded.Validate();
        return expanded;
    }

    /// <summary>Throws (KILN1216) unless <see cref="Signal"/> is a valid signal name or number.</summary>
    public void Validate()
    {
        if (SignalNumber is null)
        {
            throw Error(InstructionErrorIds.InvalidSignal, $"invalid signal: {Signal}");
        }
    }

    /// <summary>The signal number, or null when invalid (or not yet expanded).</summary>
    public int? SignalNumber => SignalNames.Parse(Signal);
}
