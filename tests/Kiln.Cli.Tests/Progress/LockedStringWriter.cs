namespace Kiln.Cli.Tests.Progress;

/// <summary>A <see cref="StringWriter"/> a test can read while a renderer's thread writes to it.</summary>
internal sealed class LockedStringWriter : StringWriter
{
    private readonly Lock gate = new();

    public override void Write(char value)
    {
        lock (gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (gate)
        {
            base.Write(buffer);
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            return base.ToString();
        }
    }

    /// <summary>Waits until the text contains <paramref name="expected"/> (the renderer writes on its own thread).</summary>
    public async Task<string> WaitForAsync(string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = ToString();
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for \"{expected}\" in:\n{text}");
            await Task.Delay(10);
        }
    }
}
