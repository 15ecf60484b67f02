namespace Kiln.Linux;

/// <summary>What makes a file unique on a host: the device it lives on and its inode (hardlink detection).</summary>
public readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode);
