namespace Kiln.Testing.Registry;

/// <summary>What a <see cref="FaultProxy"/> does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer 503 without forwarding.</summary>
    ServerError,

    /// <summary>Answer 429 with <c>Retry-After</c> without forwarding.</summary>
    TooManyRequests,

    /// <summary>Reset the connection without forwarding (the request is lost on the way).</summary>
    ResetBeforeForward,

    /// <summary>Forward, then reset the connection instead of answering (the registry did the work, the client does not know).</summary>
    ResetAfterForward,

    /// <summary>Forward, send the headers and half the body, then reset the connection.</summary>
    ResetMidBody,

    /// <summary>Forward and send the body slowly (small pieces with pauses).</summary>
    SlowBody,

    /// <summary>Forward and flip one byte in the middle of the response body.</summary>
    FlipByte,
}
