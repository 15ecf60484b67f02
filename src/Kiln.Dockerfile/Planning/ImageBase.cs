using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>A registry or local image (DF-FROM, DF-FROM-RESOLVE), normalised like Docker does.</summary>
public sealed record ImageBase(ImageReference Reference) : StageBase;
