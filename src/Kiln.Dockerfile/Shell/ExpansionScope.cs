namespace Kiln.Dockerfile.Shell;

/// <summary>Which variables the builder uses to expand an instruction part (DF-VAR-WHERE, DF-VAR-FROM-SCOPE).</summary>
public enum ExpansionScope
{
    /// <summary>Not expanded by the builder (left to the shell, or never expanded).</summary>
    None,

    /// <summary>Expanded with global (pre-FROM) ARGs and the automatic platform ARGs only (FROM).</summary>
    GlobalArgs,

    /// <summary>Expanded with the stage environment: base image ENV, stage ENV and declared ARGs.</summary>
    Stage,
}
