namespace Kiln.Cli.Commands;

/// <summary>How build-check results are printed: for people or as JSON (buildx's check result shape).</summary>
internal enum CheckOutputFormat
{
    Text,
    Json,
}
