namespace InferenceAspire.Engine.Serving;

/// <summary>The Rust type of TGI's integer request fields (router/src/lib.rs); the contracts hold i32 as int and the
/// unsigned ones as long, wide enough for all of u32.</summary>
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

    /// <summary>The largest value serde reads into an unsigned field. A usize past long's range stays out of reach.</summary>
    public static long MaxOf(string field) => TypeOf(field) == "u32" ? uint.MaxValue : long.MaxValue;
}
