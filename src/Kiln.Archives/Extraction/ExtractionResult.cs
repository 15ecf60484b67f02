namespace Kiln.Archives.Extraction;

/// <summary>What <see cref="SafeExtractor.Extract(System.IO.Stream, string, System.Threading.CancellationToken)"/> did.</summary>
public sealed record ExtractionResult(int Entries, long ContentBytes, int WhiteoutsApplied);
