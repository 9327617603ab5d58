using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>An engine of its own, so that its memory and gauges reflect only this class's traffic.</summary>
public sealed class RobustnessEngine : EngineFixture;

/// <summary>A thousand random requests, valid and not, some dropped mid-stream: every answer is TGI-shaped, nothing leaks.</summary>
public sealed class RobustnessTests(RobustnessEngine engine) : IClassFixture<RobustnessEngine>
{
    private static readonly string[] Prompts =
    [
        "ROMEO:\n", "JULIET:\n", "First Citizen:\nBefore we proceed", "ROMEO:\nWhat light is this?\n\nJULIET:\n",
        "안녕하세요, 로미오", "To be, or not to be", "KING RICHARD III:\nNow is the winter", "a", "\n\n", "Ünïcödé ☃ text",
    ];

    // Each breaks exactly one of TGI's validation rules; the stream routes report it in-stream.
    private static readonly string[] InvalidGenerateParameters =
    [
        """{"temperature":0}""", """{"top_p":1.0}""", """{"top_p":0}""", """{"top_k":0}""", """{"max_new_tokens":0}""",
        """{"typical_p":1.5}""", """{"frequency_penalty":3}""", """{"repetition_penalty":-1}""", """{"truncate":0}""",
        """{"stop":["a","b","c","d","e"]}""", """{"top_n_tokens":9}""", """{"max_new_tokens":600}""",
    ];

    private static readonly string[] InvalidChatFields =
    [
        """{"temperature":-1}""", """{"top_p":1.0}""", """{"max_tokens":0}""", """{"frequency_penalty":3}""", """{"max_tokens":900}""",
    ];

    private readonly EngineProcess _engine = engine.Engine;
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task A_thousand_random_requests_get_TGI_answers_and_leave_every_slot_free_and_memory_flat()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var random = new Random(20250601);
        var failures = new ConcurrentQueue<string>();

        await RunAsync(Plan(random, 100), concurrency: 8, failures, cancellationToken);
        await SettleAsync(cancellationToken);
        var warmResident = _engine.ResidentBytes();

        await RunAsync(Plan(random, 1000), concurrency: 12, failures, cancellationToken);

        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers, first ones:\n{string.Join("\n", failures.Take(20))}");
        var health = await _client.GetTgiAsync("/health", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        var metrics = await SettleAsync(cancellationToken);
        var endResident = _engine.ResidentBytes();
        var limit = (long)(warmResident * 1.5) + (50L << 20);
        TestContext.Current.TestOutputHelper?.WriteLine($"VmRSS after warm-up {warmResident >> 20} MiB, at the end {endResident >> 20} MiB");
        Assert.True(endResident < limit,
            $"VmRSS grew from {warmResident >> 20} MiB after the warm-up to {endResident >> 20} MiB (limit {limit >> 20} MiB)");
        Assert.Equal(0, Prometheus.Value(metrics, "tgi_batch_current_size"));
        Assert.Equal(0, Prometheus.Value(metrics, "tgi_queue_size"));

        // And it still generates.
        var after = await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 4 }), cancellationToken);
        Assert.True(after.Status == HttpStatusCode.OK, after.ToString());
    }

    private async Task<string> SettleAsync(CancellationToken cancellationToken) =>
        await Prometheus.WaitForAsync(_client,
            t => Prometheus.Value(t, "tgi_batch_current_size") == 0 && Prometheus.Value(t, "tgi_queue_size") == 0,
            TimeSpan.FromSeconds(20), cancellationToken);

    private sealed record Call(string Path, JsonObject Body, bool Stream, bool Chat, bool DropAfterFirstEvent);

    private static List<Call> Plan(Random random, int count)
    {
        var calls = new List<Call>(count);
        for (var i = 0; i < count; i++)
        {
            var prompt = Prompts[random.Next(Prompts.Length)];
            var invalid = random.NextDouble() < 0.25;
            var kind = random.Next(10);
            if (kind < 7)
            {
                var stream = kind >= 4;
                var parameters = invalid
                    ? Tgi.ToNode(InvalidGenerateParameters[random.Next(InvalidGenerateParameters.Length)]).AsObject()
                    : ValidGenerateParameters(random);
                calls.Add(new Call(stream ? "/generate_stream" : "/generate", new JsonObject { ["inputs"] = prompt, ["parameters"] = parameters },
                    stream, Chat: false, DropAfterFirstEvent: stream && random.NextDouble() < 0.3));
            }
            else
            {
                var stream = random.Next(2) == 0;
                var fields = invalid
                    ? Tgi.ToNode(InvalidChatFields[random.Next(InvalidChatFields.Length)]).AsObject()
                    : ValidChatFields(random);
                fields["stream"] = stream;
                var body = Tgi.Chat(prompt, fields);
                calls.Add(new Call("/v1/chat/completions", body, stream, Chat: true, DropAfterFirstEvent: stream && random.NextDouble() < 0.3));
            }
        }

        return calls;
    }

    private static JsonObject ValidGenerateParameters(Random random)
    {
        var parameters = new JsonObject { ["max_new_tokens"] = random.Next(1, 9) };
        if (random.Next(2) == 0)
        {
            parameters["do_sample"] = true;
            parameters["temperature"] = Math.Round(0.1 + (random.NextDouble() * 1.9), 2);
            if (random.Next(2) == 0)
            {
                parameters["top_k"] = random.Next(1, 60);
            }

            if (random.Next(2) == 0)
            {
                parameters["top_p"] = Math.Round(0.1 + (random.NextDouble() * 0.89), 2);
            }

            if (random.Next(2) == 0)
            {
                parameters["seed"] = random.Next();
            }
        }

        if (random.Next(3) == 0)
        {
            parameters["repetition_penalty"] = Math.Round(0.5 + random.NextDouble(), 2);
        }

        if (random.Next(3) == 0)
        {
            parameters["stop"] = new JsonArray("\n", "e");
        }

        parameters["details"] = random.Next(2) == 0;
        parameters["return_full_text"] = random.Next(4) == 0;
        if (random.Next(4) == 0)
        {
            parameters["truncate"] = random.Next(1, 257);
        }

        return parameters;
    }

    private static JsonObject ValidChatFields(Random random)
    {
        var fields = new JsonObject { ["max_tokens"] = random.Next(1, 9) };
        fields["temperature"] = random.Next(2) == 0 ? 0.0 : Math.Round(0.1 + random.NextDouble(), 2);
        if (random.Next(3) == 0)
        {
            fields["top_p"] = 0.9;
        }

        if (random.Next(3) == 0)
        {
            fields["seed"] = random.Next();
        }

        return fields;
    }

    private async Task RunAsync(List<Call> calls, int concurrency, ConcurrentQueue<string> failures, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (call, token) =>
            {
                try
                {
                    var problem = call.Stream ? await StreamAsync(call, token) : await PlainAsync(call, token);
                    if (problem is not null)
                    {
                        failures.Enqueue($"{call.Path} {call.Body.ToJsonString()}: {problem}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
                {
                    failures.Enqueue($"{call.Path} {call.Body.ToJsonString()}: {e.GetType().Name}: {e.Message}");
                }
            });
    }

    private async Task<string?> PlainAsync(Call call, CancellationToken cancellationToken)
    {
        var response = await _client.PostAsync(call.Path, call.Body, cancellationToken);
        if (response.Status == HttpStatusCode.OK)
        {
            return SchemaProblem(call.Chat ? "ChatCompletion" : "GenerateResponse", response.Json);
        }

        if ((int)response.Status is >= 400 and < 500)
        {
            return ErrorProblem(JsonNode.Parse(response.Body));
        }

        return $"status {(int)response.Status}: {response.Body}";
    }

    private async Task<string?> StreamAsync(Call call, CancellationToken cancellationToken)
    {
        using var response = await _client.OpenStreamAsync(call.Path, call.Body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"status {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = new List<string>();
        await foreach (var e in Sse.ReadAsync(body, cancellationToken))
        {
            events.Add(e.Data);
            if (call.DropAfterFirstEvent)
            {
                return null; // the client goes away; disposing the response closes the connection
            }
        }

        if (events.Count == 0)
        {
            return "empty stream";
        }

        var json = events.Where(d => d != "[DONE]").Select(d => JsonNode.Parse(d)!).ToList();
        if (call.Chat)
        {
            if (events[^1] != "[DONE]")
            {
                return "chat stream without [DONE]";
            }

            if (json.Count == 1 && json[0]["error"] is JsonObject openAiError)
            {
                return openAiError["http_status_code"]?.GetValue<int>() == 422 && openAiError["message"] is not null ? null : $"bad error event {json[0].ToJsonString()}";
            }

            return json.Select(j => SchemaProblem("ChatCompletionChunk", j)).FirstOrDefault(p => p is not null);
        }

        if (events.Contains("[DONE]"))
        {
            return "/generate_stream sent [DONE]";
        }

        if (json.Count == 1 && json[0]["error"] is not null)
        {
            return ErrorProblem(json[0]);
        }

        for (var i = 0; i < json.Count; i++)
        {
            if (SchemaProblem("StreamResponse", json[i]) is { } problem)
            {
                return problem;
            }

            if (json[i]["index"]!.GetValue<int>() != i + 1)
            {
                return $"event {i + 1} has index {json[i]["index"]}";
            }
        }

        return json[^1]["generated_text"] is null ? "the last event has no generated_text" : null;
    }

    private static string? SchemaProblem(string schema, JsonNode body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body.ToJsonString());
        var errors = TgiSchemas.Errors(schema, document.RootElement);
        return errors.Count == 0 ? null : $"not a valid {schema}: {string.Join("; ", errors.Take(3))} in {body.ToJsonString()}";
    }

    private static string? ErrorProblem(JsonNode? body) =>
        body is JsonObject { Count: 2 } error && error["error"] is JsonValue && error["error_type"]?.GetValue<string>() is "validation"
            ? null
            : $"not a TGI validation error: {body?.ToJsonString()}";
}
