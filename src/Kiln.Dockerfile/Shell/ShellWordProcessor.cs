using System.Text;

namespace Kiln.Dockerfile.Shell;

/// <summary>
/// One pass of <see cref="ShellLexer"/> over one word (BuildKit shell-lexer semantics, DF-VAR-*, conformance
/// README §5-7): quote and escape processing, <c>$</c> expansions with every supported operator, optional
/// word splitting, and the record of looked-up names. Not reusable; create one per word.
/// </summary>
internal sealed class ShellWordProcessor
{
    private const int EndOfInput = -1;

    private readonly string _input;
    private readonly char _escape;
    private readonly ShellLexerOptions _options;
    private readonly IVariableLookup _env;
    private int _pos;

    public ShellWordProcessor(string input, char escape, ShellLexerOptions options, IVariableLookup env)
    {
        _input = input;
        _escape = escape;
        _options = options;
        _env = env;
    }

    public HashSet<string> Matched { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Unmatched { get; } = new(StringComparer.Ordinal);

    private bool RawQuotes => (_options & ShellLexerOptions.RawQuotes) != 0;

    private bool SkipUnsetEnv => (_options & ShellLexerOptions.SkipUnsetEnv) != 0;

    private bool ProcessQuotes => (_options & ShellLexerOptions.SkipProcessQuotes) == 0;

    /// <summary>Processes the whole word; fills <paramref name="words"/> when given.</summary>
    public string Run(WordSplitter? words) =>
        ProcessUntil(EndOfInput, (_options & ShellLexerOptions.RawEscapes) != 0, words, -1);

    /// <summary>
    /// Processes characters until <paramref name="stop"/> (consumed) or the end of input. Inside <c>${...}</c>
    /// the stop character is <c>}</c> or <c>/</c>; <paramref name="openedAt"/> is where that construct started.
    /// </summary>
    private string ProcessUntil(int stop, bool rawEscapes, WordSplitter? words, int openedAt)
    {
        var sb = new StringBuilder();
        while (_pos < _input.Length)
        {
            var c = _input[_pos];
            if (c == stop)
            {
                _pos++;
                return sb.ToString();
            }

            if (c == '$')
            {
                var value = ProcessDollar();
                sb.Append(value);
                words?.AddExpanded(value);
                continue;
            }

            if (ProcessQuotes && c is '\'' or '"')
            {
                var value = c == '\'' ? ProcessSingleQuote() : ProcessDoubleQuote(rawEscapes);
                sb.Append(value);
                words?.AddRaw(value);
                continue;
            }

            _pos++;
            if (c == _escape)
            {
                if (rawEscapes)
                {
                    sb.Append(c);
                    words?.AddRaw(c);
                }

                // A lone escape at the end of the word is dropped.
                if (_pos >= _input.Length)
                {
                    break;
                }

                c = _input[_pos++];
                sb.Append(c);
                words?.AddRaw(c);
            }
            else
            {
                sb.Append(c);
                words?.AddChar(c);
            }
        }

        if (stop == '}')
        {
            throw Error("syntax error: missing '}'", openedAt);
        }

        if (stop == '/')
        {
            throw Error("syntax error: missing '/' in ${}", openedAt);
        }

        return sb.ToString();
    }

    private string ProcessSingleQuote()
    {
        // Everything up to the next single quote is literal; a single quote cannot be escaped inside.
        var start = _pos++;
        var close = _input.IndexOf('\'', _pos);
        if (close < 0)
        {
            throw Error("unexpected end of statement while looking for matching single-quote", start);
        }

        var text = RawQuotes ? _input[start..(close + 1)] : _input[_pos..close];
        _pos = close + 1;
        return text;
    }

    private string ProcessDoubleQuote(bool rawEscapes)
    {
        var start = _pos++;
        var sb = new StringBuilder();
        if (RawQuotes)
        {
            sb.Append('"');
        }

        while (true)
        {
            if (_pos >= _input.Length)
            {
                throw Error("unexpected end of statement while looking for matching double-quote", start);
            }

            var c = _input[_pos];
            if (c == '"')
            {
                _pos++;
                if (RawQuotes)
                {
                    sb.Append('"');
                }

                return sb.ToString();
            }

            if (c == '$')
            {
                sb.Append(ProcessDollar());
                continue;
            }

            _pos++;
            if (c == _escape && _pos < _input.Length)
            {
                var next = _input[_pos];

                // Only ", $ and the escape itself can be escaped inside double quotes; other escapes stay.
                if (next == '"' || next == '$' || next == _escape)
                {
                    if (rawEscapes)
                    {
                        sb.Append(c);
                    }

                    sb.Append(next);
                    _pos++;
                    continue;
                }
            }
            else if (c == _escape)
            {
                // Escape right before the end: dropped; the missing quote is reported next.
                if (rawEscapes)
                {
                    sb.Append(c);
                }

                continue;
            }

            sb.Append(c);
        }
    }

    private string ProcessDollar()
    {
        var start = _pos++;
        if (_pos >= _input.Length || _input[_pos] != '{')
        {
            var simple = ProcessName();
            if (simple.Length == 0)
            {
                return "$";
            }

            if (!Lookup(simple, out var simpleValue) && SkipUnsetEnv)
            {
                return "$" + simple;
            }

            return simpleValue;
        }

        _pos++;
        if (_pos >= _input.Length)
        {
            throw Error("syntax error: missing '}'", start);
        }

        if (_input[_pos] is '{' or '}' or ':')
        {
            throw Error("syntax error: bad substitution", start);
        }

        var name = ProcessName();
        if (_pos >= _input.Length)
        {
            throw Error("syntax error: missing '}'", start);
        }

        if (name.Length == 0)
        {
            throw Error("syntax error: bad substitution", start);
        }

        var op = _input[_pos++];
        switch (op)
        {
            case '}':
                if (!Lookup(name, out var value) && SkipUnsetEnv)
                {
                    return "${" + name + "}";
                }

                return value;
            case ':':
                if (_pos >= _input.Length)
                {
                    throw Error("syntax error: missing '}'", start);
                }

                var op2 = _input[_pos++];
                if (op2 is '-' or '+' or '?')
                {
                    return ProcessDefaultAlternativeRequired(name, op2, nullIsUnset: true, start);
                }

                if (op2 is not ('#' or '%'))
                {
                    // BuildKit reads the word before rejecting the modifier, so errors inside it come first.
                    ProcessUntil('}', rawEscapes: false, words: null, start);
                }

                throw Error("unsupported modifier (:" + op2 + ") in substitution", start);
            case '-' or '+' or '?':
                return ProcessDefaultAlternativeRequired(name, op, nullIsUnset: false, start);
            case '#' or '%':
                return ProcessTrim(name, op, start);
            case '/':
                return ProcessReplace(name, start);
            default:
                throw Error("unsupported modifier (" + op + ") in substitution", start);
        }
    }

    private string ProcessDefaultAlternativeRequired(string name, char op, bool nullIsUnset, int start)
    {
        var word = ProcessUntil('}', rawEscapes: false, words: null, start);
        var set = Lookup(name, out var value);
        if (!set && SkipUnsetEnv)
        {
            return "${" + name + (nullIsUnset ? ":" : string.Empty) + op + word + "}";
        }

        var missing = !set || (nullIsUnset && value.Length == 0);
        switch (op)
        {
            case '-':
                return missing ? word : value;
            case '+':
                return missing ? string.Empty : word;
            default:
                if (!set)
                {
                    throw Error(name + ": " + (word.Length != 0 ? word : "is not allowed to be unset"), start);
                }

                if (missing)
                {
                    throw Error(name + ": " + (word.Length != 0 ? word : "is not allowed to be empty"), start);
                }

                return value;
        }
    }

    private string ProcessTrim(string name, char op, int start)
    {
        var longest = _pos < _input.Length && _input[_pos] == op;
        if (longest)
        {
            _pos++;
        }

        var pattern = ProcessUntil('}', rawEscapes: true, words: null, start);
        var set = Lookup(name, out var value);
        if (!set && SkipUnsetEnv)
        {
            return "${" + name + op + (longest ? op.ToString() : string.Empty) + pattern + "}";
        }

        var glob = Compile(pattern, start);
        return op == '#' ? glob.TrimPrefix(value, longest) : glob.TrimSuffix(value, longest);
    }

    private string ProcessReplace(string name, int start)
    {
        var all = _pos < _input.Length && _input[_pos] == '/';
        if (all)
        {
            _pos++;
        }

        var pattern = ProcessUntil('/', rawEscapes: true, words: null, start);
        var replacement = ProcessUntil('}', rawEscapes: true, words: null, start);
        var set = Lookup(name, out var value);
        if (!set && SkipUnsetEnv)
        {
            return "${" + name + (all ? "//" : "/") + pattern + "/" + replacement + "}";
        }

        return Compile(pattern, start).Replace(value, replacement, all);
    }

    private GlobPattern Compile(string pattern, int start) =>
        GlobPattern.TryCompile(pattern, out var error)
        ?? throw Error("invalid pattern (" + pattern + ") in substitution: " + error, start);

    /// <summary>
    /// Reads a variable name: letters, digits and <c>_</c> (Unicode letters and digits included); a name
    /// starting with a digit is positional and takes all following digits; a special parameter is one character.
    /// </summary>
    private string ProcessName()
    {
        var start = _pos;
        if (_pos >= _input.Length)
        {
            return string.Empty;
        }

        var first = Peek(out var width);
        if (Rune.IsDigit(first))
        {
            while (_pos < _input.Length && Rune.IsDigit(Peek(out width)))
            {
                _pos += width;
            }

            return _input[start.._pos];
        }

        if (IsSpecialParameter(first))
        {
            _pos += width;
            return _input[start.._pos];
        }

        while (_pos < _input.Length)
        {
            var r = Peek(out width);
            if (!Rune.IsLetter(r) && !Rune.IsDigit(r) && r.Value != '_')
            {
                break;
            }

            _pos += width;
        }

        return _input[start.._pos];
    }

    private Rune Peek(out int width)
    {
        if (Rune.DecodeFromUtf16(_input.AsSpan(_pos), out var r, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1;
            return Rune.ReplacementChar;
        }

        return r;
    }

    private static bool IsSpecialParameter(Rune r) => r.Value is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0';

    private bool Lookup(string name, out string value)
    {
        // Positional and special parameters are never set in a Dockerfile (DF-VAR-SPECIAL).
        var first = Rune.GetRuneAt(name, 0);
        if (Rune.IsDigit(first) || IsSpecialParameter(first))
        {
            value = string.Empty;
            return false;
        }

        if (_env.TryGet(name, out value!))
        {
            Matched.Add(name);
            return true;
        }

        value = string.Empty;
        Unmatched.Add(name);
        return false;
    }

    private ShellExpansionException Error(string detail, int offset) =>
        new(detail, _input, offset < 0 ? null : offset);
}
