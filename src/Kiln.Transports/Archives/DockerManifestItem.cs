namespace Kiln.Transports.Archives;

/// <summary>One element of a docker-archive's <c>manifest.json</c>: config path, layer paths bottom to top, tags.</summary>
internal sealed record DockerManifestItem(string Config, IReadOnlyList<string> Layers, IReadOnlyList<string> RepoTags);
