namespace Kiln.Build.Operations.Files;

/// <summary>
/// One action of a symbolic <c>--chmod</c> clause (DF-COPY-CHMOD), as chmod(1) compiles it: the operator,
/// which bits the "who" part selects (0 = none written), the permission bits, and how the value is formed.
/// </summary>
/// <param name="Operator"><c>'+'</c>, <c>'-'</c> or <c>'='</c>.</param>
/// <param name="Kind">Ordinary bits, bits copied from the u/g/o class of the current mode, or <c>X</c>.</param>
/// <param name="Affected">The bits the who letters select (u: 04700, g: 02070, o: 01007, a: 07777); 0 when no who was written.</param>
/// <param name="Value">The permission bits (for a copy: the class mask to copy from).</param>
/// <param name="Mentioned">The bits the clause names explicitly (setuid/setgid on directories survive '=' unless mentioned).</param>
internal readonly record struct ModeChange(char Operator, ModeChangeKind Kind, int Affected, int Value, int Mentioned);
