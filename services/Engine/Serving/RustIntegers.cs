namespace InferenceAspire.Engine.Serving;

/// <summary>The Rust type of TGI's integer request fields (router/src/lib.rs); the contracts hold them all as int.</summary>
internal static class RustIntegers
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["best_of"] = "usize",
        ["top_k"] = "i32",
        ["max_new_tokens"] = "u32",
        ["truncate"] = "usize",
        ["top_n_tokens"] = "u32",
        ["max_tokens"] = "u32",

        // serde's alias of max_tokens in ChatRequest; serde_path_to_error names the key as sent.
        ["max_completion_tokens"] = "u32",
        ["top_logprobs"] = "u32",
        ["n"] = "u32",
    };

    public static string? TypeOf(string field) => Types.GetValueOrDefault(field);

    public static bool IsUnsigned(string field) => TypeOf(field) is { } type && type.StartsWith('u');
}
