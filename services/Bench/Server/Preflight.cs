using System.Text.Json.Nodes;
using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Load;
using InferenceAspire.Bench.Prompts;

namespace InferenceAspire.Bench.Server;

/// <summary>One short request before the run: it opens a connection, warms up both sides, and turns a wrong
/// endpoint, key or model into one line that says what to fix instead of a run of identical failures.</summary>
public static class Preflight
{
    // The request timeout bounds it, as every request of the run: a server that is slow to start (scaling from
    // zero, compiling, queueing behind other clients) is not a wrong endpoint, and --request-timeout is the user's.
    public static async Task CheckAsync(StreamingChatClient client, string model, JsonObject additional, CancellationToken cancellationToken)
    {
        var record = new RequestRecord { Index = -1, MaxTokens = 8, TargetInputTokens = 0 };
        var body = RequestBodies.Build(model, new BenchPrompt(SonnetPrompts.Corpus[0], 0, 8), additional);
        await client.SendAsync(record, body, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var endpoint = client.Endpoint;
        switch (record.Error)
        {
            case null:
                return;
            case ErrorClass.Connection:
                throw new BenchInputException($"cannot reach {endpoint} ({record.ErrorMessage}): check OPENAI_API_BASE");
            case ErrorClass.Unauthorized:
                throw new BenchInputException($"{endpoint} answered {record.ErrorCode}: set OPENAI_API_KEY to a key the server accepts");
            case ErrorClass.UnknownModel:
                throw new BenchInputException($"{endpoint} refused model '{model}' ({record.ErrorCode}: \"{record.ErrorMessage}\"): check --model");
            case ErrorClass.Validation:
                throw new BenchInputException($"{endpoint} refused a short test request as invalid ({record.ErrorCode}: \"{record.ErrorMessage}\"): check --additional-sampling-params");
            case ErrorClass.ClientError when record.ErrorCode == 404:
                throw new BenchInputException($"{endpoint} answered 404: OPENAI_API_BASE should be the API root that has /chat/completions (usually ending in /v1)");
            case ErrorClass.ZeroTokens:
                throw new BenchInputException($"model '{model}' at {endpoint} returned no output: check --model and the server's logs");
            case ErrorClass.Timeout:
                throw new BenchInputException($"{endpoint} sent no complete answer to a short request within the request timeout: is the server up? check OPENAI_API_BASE, or allow more with --request-timeout");
            default:
                throw new BenchInputException($"{endpoint} failed a short test request ({record.Error.Value.Name()} {record.ErrorCode}): {record.ErrorMessage}");
        }
    }
}
