using Kiln.Oci;

namespace Kiln.Cli.Tests.Store;

/// <summary>A layer written into a test store: its blob descriptor, DiffID and uncompressed (tar) length.</summary>
internal sealed record TestLayer(Descriptor Descriptor, Digest DiffId, long TarLength);
