using Kiln.Linux;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// A source directory whose copy is deferred until something below it is actually copied
/// (DF-COPY-PARENTS parent directories, DF-COPY-EXCLUDE directories re-included by a <c>!</c> pattern),
/// as BuildKit's copier delays them so excluded trees leave no empty directories behind.
/// </summary>
internal sealed class PendingDirectory(string sourceHostPath, FileStatus source, string targetRelative)
{
    public string SourceHostPath { get; } = sourceHostPath;

    public FileStatus Source { get; } = source;

    /// <summary>The target path relative to the target root.</summary>
    public string TargetRelative { get; } = targetRelative;

    /// <summary>True once the directory exists in the target.</summary>
    public bool Done { get; set; }
}
