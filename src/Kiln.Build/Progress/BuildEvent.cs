namespace Kiln.Build.Progress;

/// <summary>
/// Something that happened during a build, in the order it happened. The engine only reports events; renderers
/// (terminal, plain, rawjson) decide what to print. <see cref="Time"/> comes from the engine's <see cref="TimeProvider"/>.
/// </summary>
public abstract record BuildEvent(DateTimeOffset Time);
