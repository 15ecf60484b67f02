namespace Kiln.Distribution.Errors;

/// <summary>One entry of a distribution error body: <c>{"errors":[{"code","message","detail"}]}</c> (distribution spec "Error Codes").</summary>
public sealed record RegistryError(string Code, string? Message, string? Detail);
