using Kiln.Oci;

namespace Kiln.Cli.Rendering;

/// <summary>One line of <c>kiln history</c>: the image ID on the top entry (null, shown as <c>&lt;missing&gt;</c>, below it), the step and its layer size.</summary>
internal sealed record ImageHistoryRow(Digest? Id, DateTimeOffset? Created, string CreatedBy, long Size, string Comment);
