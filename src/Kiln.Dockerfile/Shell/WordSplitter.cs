using System.Text;

namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Accumulates words for multi-word processing (README §6, DF-VAR-WORDSPLIT): plain characters and text from
/// unquoted expansions split on whitespace; quoted text and escaped characters never split. A word that is
/// only empty quotes (<c>""</c>) produces no word, as in BuildKit.
/// </summary>
internal sealed class WordSplitter
{
    private readonly StringBuilder _word = new();
    private readonly List<string> _words = [];
    private bool _inWord;

    /// <summary>A character subject to splitting.</summary>
    public void AddChar(char c)
    {
        if (char.IsWhiteSpace(c))
        {
            if (_inWord && _word.Length != 0)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }
        }
        else
        {
            AddRaw(c);
        }
    }

    /// <summary>A protected character (escaped or quoted).</summary>
    public void AddRaw(char c)
    {
        _word.Append(c);
        _inWord = true;
    }

    /// <summary>Text from an unquoted expansion: split on whitespace.</summary>
    public void AddExpanded(string text)
    {
        foreach (var c in text)
        {
            AddChar(c);
        }
    }

    /// <summary>Protected text (a quoted string).</summary>
    public void AddRaw(string text)
    {
        _word.Append(text);
        _inWord = true;
    }

    /// <summary>The finished list of words.</summary>
    public List<string> Finish()
    {
        if (_word.Length > 0)
        {
            _words.Add(_word.ToString());
            _word.Clear();
            _inWord = false;
        }

        return _words;
    }
}
