using System.Text.Json.Serialization;
using Kiln.Oci.Images;

namespace Kiln.Oci.Json;

/// <summary>
/// Source-generated (AOT/trim-safe) serialization metadata for the OCI documents. Nulls are omitted (empties are
/// normalised to null by the records, giving Go's <c>omitempty</c>); property names match case-insensitively on
/// read, as Go's <c>encoding/json</c> does. Write through <see cref="OciJson"/> to get Go-identical bytes.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    WriteIndented = false)]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(Platform))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Digest))]
public sealed partial class OciJsonContext : JsonSerializerContext;
