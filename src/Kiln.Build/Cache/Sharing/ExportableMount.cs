namespace Kiln.Build.Cache.Sharing;

/// <summary>A RUN cache mount id a stage of a finished build uses (<c>--mount=type=cache,id=…</c>).</summary>
public sealed record ExportableMount(int StageIndex, string Id);
