namespace Kiln.Runtime.Users;

/// <summary>The identity a process runs with: user, primary group and supplementary groups.</summary>
public sealed record ExecUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids);
