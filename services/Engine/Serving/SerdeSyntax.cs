using System.Buffers;
using System.Globalization;
using System.Text;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// Says where and why serde_json gives up on a body that is not JSON, behind serde_path_to_error's path, e.g.
/// <c>inputs: EOF while parsing a value at line 1 column 10</c>. It reads as serde_json reads into TGI's request
/// types: objects as a struct's map (so a comma before '}' is a trailing comma), arrays as sequences, and nothing
/// after the first value, which axum's extractor never looks at.
/// </summary>
internal sealed class SerdeSyntax
{
    // serde_json's recursion limit: the 128th nested container is refused.
    private const int RecursionLimit = 128;

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    private readonly byte[] _json;

    // Keys and [indices] down to the value being read; null stands for a key not yet read, which the path shows as '?'.
    private readonly List<string?> _path = [];
    private int _index;
    private int _depth;

    private SerdeSyntax(byte[] json) => _json = json;

    /// <summary>serde_json's reason for refusing <paramref name="json"/>, or null when it would read a first value.</summary>
    public static string? Describe(byte[] json)
    {
        try
        {
            new SerdeSyntax(json).Value();
            return null;
        }
        catch (SyntaxError error)
        {
            return error.Message;
        }
    }

    private void Value()
    {
        switch (Whitespace())
        {
            case -1:
                throw PeekError("EOF while parsing a value");
            case 'n':
                Ident("null");
                break;
            case 't':
                Ident("true");
                break;
            case 'f':
                Ident("false");
                break;
            case '-':
                _index++;
                Number();
                break;
            case >= '0' and <= '9':
                Number();
                break;
            case '"':
                _index++;
                String();
                break;
            case '[':
                Nested(Sequence);
                break;
            case '{':
                Nested(Map);
                break;
            default:
                throw PeekError("expected value");
        }
    }

    private void Nested(Action read)
    {
        if (++_depth == RecursionLimit)
        {
            throw PeekError("recursion limit exceeded");
        }

        _index++;
        read();
        _depth--;
    }

    private void Sequence()
    {
        for (var index = 0; ; index++)
        {
            var next = Whitespace();
            if (next == ']')
            {
                _index++;
                return;
            }

            if (next == -1)
            {
                throw PeekError("EOF while parsing a list");
            }

            if (index > 0)
            {
                if (next != ',')
                {
                    throw PeekError("expected `,` or `]`");
                }

                _index++;
                next = Whitespace();
                if (next is ']' or -1)
                {
                    throw PeekError(next == ']' ? "trailing comma" : "EOF while parsing a value");
                }
            }

            _path.Add(string.Create(CultureInfo.InvariantCulture, $"[{index}]"));
            Value();
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void Map()
    {
        for (var first = true; ; first = false)
        {
            // Until a key is read, serde_path_to_error knows the entry only as '?'.
            _path.Add(null);
            var next = Whitespace();
            if (next == '}')
            {
                _path.RemoveAt(_path.Count - 1);
                _index++;
                return;
            }

            if (next == -1)
            {
                throw PeekError("EOF while parsing an object");
            }

            if (!first)
            {
                if (next != ',')
                {
                    throw PeekError("expected `,` or `}`");
                }

                _index++;
                next = Whitespace();
                if (next is '}' or -1)
                {
                    throw PeekError(next == '}' ? "trailing comma" : "EOF while parsing a value");
                }
            }

            if (next != '"')
            {
                throw PeekError("key must be a string");
            }

            var start = ++_index;
            String();
            var key = Encoding.UTF8.GetString(_json, start, _index - start - 1);

            // The colon is read for the value, where the path is the map's own.
            _path.RemoveAt(_path.Count - 1);
            next = Whitespace();
            if (next != ':')
            {
                throw PeekError(next == -1 ? "EOF while parsing an object" : "expected `:`");
            }

            _index++;
            _path.Add(key);
            Value();
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void Ident(string ident)
    {
        _index++;
        foreach (var expected in ident[1..])
        {
            if (_index == _json.Length)
            {
                throw Error("EOF while parsing a value");
            }

            if (_json[_index++] != expected)
            {
                throw Error("expected ident");
            }
        }
    }

    private void Number()
    {
        if (_index == _json.Length)
        {
            throw Error("EOF while parsing a value");
        }

        var start = _index;
        NumberText();

        // serde_json reads a number no integer type holds as an f64, and refuses one past f64's range where it ends.
        if (double.IsInfinity(double.Parse(_json.AsSpan(start, _index - start), CultureInfo.InvariantCulture)))
        {
            throw Error("number out of range");
        }
    }

    private void NumberText()
    {
        var first = _json[_index++];
        if (first == '0' && IsDigit(Peek()))
        {
            throw PeekError("invalid number");
        }

        if (first is < (byte)'0' or > (byte)'9')
        {
            throw Error("invalid number");
        }

        SkipDigits();
        if (Peek() == '.')
        {
            _index++;
            if (!IsDigit(Peek()))
            {
                throw PeekError(Peek() == -1 ? "EOF while parsing a value" : "invalid number");
            }

            SkipDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            _index++;
            if (Peek() is '+' or '-')
            {
                _index++;
            }

            if (_index == _json.Length)
            {
                throw Error("EOF while parsing a value");
            }

            if (!IsDigit(_json[_index++]))
            {
                throw Error("invalid number");
            }

            SkipDigits();
        }
    }

    // The rest of a string whose opening quote has been read.
    private void String()
    {
        while (true)
        {
            if (_index == _json.Length)
            {
                throw Error("EOF while parsing a string");
            }

            var next = _json[_index++];
            if (next == '"')
            {
                return;
            }

            if (next < 0x20)
            {
                throw Error("control character (\\u0000-\\u001F) found while parsing a string");
            }

            if (next == '\\')
            {
                Escape();
            }
        }
    }

    private void Escape()
    {
        if (_index == _json.Length)
        {
            throw Error("EOF while parsing a string");
        }

        switch (_json[_index++])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return;
            case (byte)'u':
                UnicodeEscape();
                return;
            default:
                throw Error("invalid escape");
        }
    }

    // Strings are read into Rust Strings, so UTF-16 surrogates must come in pairs, each as its own \u escape.
    private void UnicodeEscape()
    {
        var code = HexEscape();
        if (code is >= 0xDC00 and <= 0xDFFF)
        {
            // serde_json's own name for a trailing surrogate without its leading one.
            throw Error("lone leading surrogate in hex escape");
        }

        if (code is < 0xD800 or > 0xDBFF)
        {
            return;
        }

        foreach (var expected in "\\u"u8)
        {
            if (_index == _json.Length)
            {
                throw Error("EOF while parsing a string");
            }

            if (_json[_index++] != expected)
            {
                throw Error("unexpected end of hex escape");
            }
        }

        if (HexEscape() is < 0xDC00 or > 0xDFFF)
        {
            throw Error("lone leading surrogate in hex escape");
        }
    }

    private int HexEscape()
    {
        if (_json.Length - _index < 4)
        {
            _index = _json.Length;
            throw Error("EOF while parsing a string");
        }

        var hex = _json.AsSpan(_index, 4);
        _index += 4;
        if (hex.ContainsAnyExcept(HexDigits))
        {
            throw Error("invalid escape");
        }

        return int.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    private int Whitespace()
    {
        while (Peek() is ' ' or '\n' or '\t' or '\r')
        {
            _index++;
        }

        return Peek();
    }

    private int Peek() => _index < _json.Length ? _json[_index] : -1;

    private static bool IsDigit(int next) => next is >= '0' and <= '9';

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _index++;
        }
    }

    // serde_json's two positions: where it stopped after consuming a byte, and past a byte it only peeked at.
    private SyntaxError Error(string reason) => new(At(reason, _index));

    private SyntaxError PeekError(string reason) => new(At(reason, Math.Min(_json.Length, _index + 1)));

    private string At(string reason, int offset)
    {
        var lineStart = _json.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1;
        var line = _json.AsSpan(0, lineStart).Count((byte)'\n') + 1;
        var position = string.Create(CultureInfo.InvariantCulture, $"{reason} at line {line} column {offset - lineStart}");

        // serde_path_to_error shows no path when every segment is unknown.
        if (_path.All(segment => segment is null))
        {
            return position;
        }

        var path = new StringBuilder();
        foreach (var segment in _path)
        {
            if (path.Length > 0 && segment?.StartsWith('[') != true)
            {
                path.Append('.');
            }

            path.Append(segment ?? "?");
        }

        return $"{path}: {position}";
    }

    private sealed class SyntaxError(string message) : Exception(message);
}
