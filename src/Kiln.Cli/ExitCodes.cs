namespace Kiln.Cli;

/// <summary>The process exit codes of <c>kiln</c>, shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>Success; for checks: no findings.</summary>
    public const int Success = 0;

    /// <summary>Build checks found something (or the command failed at run time).</summary>
    public const int Findings = 1;

    /// <summary>The Dockerfile or the command line is invalid.</summary>
    public const int Invalid = 2;

    /// <summary>The requested operation is not available in this version of Kiln.</summary>
    public const int NotAvailable = 3;
}
