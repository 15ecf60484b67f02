namespace Kiln.Build.Operations.Files;

/// <summary>How a <see cref="ModeChange"/> forms its value.</summary>
internal enum ModeChangeKind
{
    /// <summary>The written <c>r</c>, <c>w</c>, <c>x</c>, <c>s</c>, <c>t</c> bits.</summary>
    Ordinary,

    /// <summary><c>u</c>, <c>g</c> or <c>o</c> after the operator: the current bits of that class, copied to every class.</summary>
    CopyExisting,

    /// <summary>The written bits plus execute for everyone when the entry is a directory or already executable by someone (<c>X</c>).</summary>
    ExecuteIfAnyExecute,
}
