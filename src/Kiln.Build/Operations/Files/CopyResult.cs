namespace Kiln.Build.Operations.Files;

/// <summary>What a <see cref="FileCopier.Copy"/> wrote: entries by kind and the bytes of file content copied.</summary>
/// <param name="Files">Regular files written (hardlinks included).</param>
/// <param name="Directories">Source directories copied or merged (not the destination directories created for them).</param>
/// <param name="Symlinks">Symlinks created.</param>
/// <param name="SpecialFiles">Device nodes and fifos recreated.</param>
/// <param name="HardLinks">Files written as a hardlink to an earlier copy instead of with their content.</param>
/// <param name="Bytes">Bytes of file content copied (hardlinks count once).</param>
/// <param name="SkippedSockets">Unix sockets found in the sources and not recreated.</param>
public sealed record CopyResult(long Files, long Directories, long Symlinks, long SpecialFiles, long HardLinks, long Bytes, long SkippedSockets);
