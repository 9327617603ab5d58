using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>What the model generates: the committed greedy samples, seeded sampling and the three finish reasons.</summary>
public sealed class GreedySemanticsTests(DefaultEngine engine)
{
    private readonly HttpClient _client = engine.Client;
    private readonly GreedySample _sample = GreedySample.Load();

    [Fact]
    public async Task Greedy_generate_reproduces_the_committed_greedy_ids_of_every_sample_prompt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Assert.NotEmpty(_sample.Samples);
        foreach (var sample in _sample.Samples)
        {
            var response = await _client.PostAsync("/generate",
                Tgi.Generate(sample.Text, new { max_new_tokens = _sample.MaxNewTokens, details = true }), cancellationToken);

            Assert.True(response.Status == HttpStatusCode.OK, $"{sample.Text}: {response}");
            var details = response.Json["details"]!;
            var ids = details["tokens"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToArray();
            Assert.True(sample.GreedyIds.SequenceEqual(ids),
                $"prompt {JsonValue.Create(sample.Text)}: expected [{string.Join(",", sample.GreedyIds)}], got [{string.Join(",", ids)}]");
            Assert.Equal(sample.FinishReason, details["finish_reason"]!.GetValue<string>());
            Assert.Equal(sample.GreedyIds.Count, details["generated_tokens"]!.GetValue<int>());

            // greedy_text was decoded without EOS; whether the final text keeps the EOS text is the EOS test's business.
            var text = response.Json["generated_text"]!.GetValue<string>();
            Assert.Equal(sample.GreedyText, sample.FinishReason == "eos_token" && text.EndsWith("</s>", StringComparison.Ordinal) ? text[..^4] : text);
        }
    }

    [Fact]
    public async Task Greedy_ids_stay_the_committed_ones_while_requests_of_other_lengths_join_and_leave_the_batch()
    {
        // More requests than slots, prompts of different lengths and different max_new_tokens: rows finish at different
        // steps and waiting requests are prefilled into a running batch, so the cache is compacted and regathered
        // around every row many times. Each row must still decode as if it were alone.
        var cancellationToken = TestContext.Current.CancellationToken;
        var requests = (
            from round in Enumerable.Range(0, 3)
            from sample in _sample.Samples
            from maxNewTokens in new[] { 3, 11, _sample.MaxNewTokens }
            select (sample, maxNewTokens: maxNewTokens - round)).ToList();

        var answers = await Task.WhenAll(requests.Select(r =>
            _client.PostAsync("/generate", Tgi.Generate(r.sample.Text, new { max_new_tokens = r.maxNewTokens, details = true }), cancellationToken)));

        foreach (var ((sample, maxNewTokens), response) in requests.Zip(answers))
        {
            Assert.True(response.Status == HttpStatusCode.OK, $"{sample.Text}: {response}");
            var ids = response.Json["details"]!["tokens"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToArray();
            var expected = sample.GreedyIds.Take(maxNewTokens).ToArray();
            Assert.True(expected.SequenceEqual(ids),
                $"prompt {JsonValue.Create(sample.Text)} with max_new_tokens {maxNewTokens}: expected [{string.Join(",", expected)}], got [{string.Join(",", ids)}]");
        }
    }

    [Fact]
    public async Task Tokenize_gives_the_committed_prompt_ids_with_BOS()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var sample in _sample.Samples)
        {
            var ids = await _client.TokenizeAsync(sample.Text, cancellationToken);
            Assert.Equal(sample.PromptIds, ids);
        }
    }

    [Fact]
    public async Task The_same_seed_with_sampling_gives_the_same_text_twice()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var request = Tgi.Generate("JULIET:\n", new { max_new_tokens = 24, do_sample = true, seed = 1234, temperature = 1.2, top_k = 50 });

        var first = await _client.PostAsync("/generate", request, cancellationToken);
        var second = await _client.PostAsync("/generate", request, cancellationToken);

        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.True(second.Status == HttpStatusCode.OK, second.ToString());
        Assert.Equal(first.Json["generated_text"]!.GetValue<string>(), second.Json["generated_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sampling_from_the_top_1_token_gives_the_greedy_ids_whatever_the_seed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var sample = _sample.Samples[0];
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var response = await _client.PostAsync("/generate",
                Tgi.Generate(sample.Text, new { max_new_tokens = _sample.MaxNewTokens, details = true, do_sample = true, seed, temperature = 1.5, top_k = 1 }),
                cancellationToken);

            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            var ids = response.Json["details"]!["tokens"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToArray();
            Assert.Equal(sample.GreedyIds, ids);
        }
    }

    [Fact]
    public async Task Sampled_first_tokens_stay_within_the_top_k_and_include_the_greedy_one()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var sample = _sample.Samples[0];
        const int topK = 3;
        var firsts = new HashSet<int>();
        // A high temperature flattens the kept candidates, so that 24 draws meet more than one of them.
        for (var seed = 1; seed <= 24; seed++)
        {
            var response = await _client.PostAsync("/generate",
                Tgi.Generate(sample.Text, new { max_new_tokens = 1, details = true, do_sample = true, seed, temperature = 20.0, top_k = topK }),
                cancellationToken);
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            firsts.Add(response.Json["details"]!["tokens"]![0]!["id"]!.GetValue<int>());
        }

        Assert.InRange(firsts.Count, 2, topK);
        Assert.Contains(sample.GreedyIds[0], firsts);
    }

    [Fact]
    public async Task A_stop_sequence_found_in_the_output_ends_it_with_stop_sequence_and_stays_in_the_text()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const string prompt = "First Citizen:\nBefore we proceed";
        var probe = await _client.PostAsync("/generate", Tgi.Generate(prompt, new { max_new_tokens = 16, details = true }), cancellationToken);
        Assert.True(probe.Status == HttpStatusCode.OK, probe.ToString());
        var texts = probe.Json["details"]!["tokens"]!.AsArray().Select(t => t!["text"]!.GetValue<string>()).ToArray();

        // The first token (after the first) whose text does not occur in what came before: greedy output reaches it there, not earlier.
        var k = Enumerable.Range(1, texts.Length - 1)
            .FirstOrDefault(i => texts[i].Trim().Length > 0 && !string.Concat(texts[..i]).Contains(texts[i], StringComparison.Ordinal));
        Assert.True(k > 0, $"no usable stop sequence in {string.Join("|", texts)}");
        var stop = texts[k];

        var response = await _client.PostAsync("/generate",
            Tgi.Generate(prompt, new { max_new_tokens = 16, details = true, stop = new[] { stop } }), cancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("GenerateResponse", response.Body);
        Assert.Equal("stop_sequence", response.Json["details"]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(k + 1, response.Json["details"]!["generated_tokens"]!.GetValue<int>());
        Assert.Equal(string.Concat(texts[..(k + 1)]), response.Json["generated_text"]!.GetValue<string>());
        Assert.EndsWith(stop, response.Json["generated_text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generating_until_the_EOS_token_ends_with_eos_token_and_a_special_EOS()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var sample = _sample.Samples.FirstOrDefault(s => s.FinishReason == "eos_token")
            ?? _sample.Samples.FirstOrDefault(s => s.GreedyTokensUntilEos is not null);
        if (sample is null)
        {
            Assert.Skip("No committed greedy sample reaches EOS within the context.");
        }

        var budget = sample.FinishReason == "eos_token" ? _sample.MaxNewTokens : sample.GreedyTokensUntilEos!.Value;
        var response = await _client.PostAsync("/generate", Tgi.Generate(sample.Text, new { max_new_tokens = budget, details = true }), cancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var details = response.Json["details"]!;
        Assert.Equal("eos_token", details["finish_reason"]!.GetValue<string>());
        var last = details["tokens"]!.AsArray()[^1]!;
        Assert.Equal(_sample.EosTokenId, last["id"]!.GetValue<int>());
        Assert.True(last["special"]!.GetValue<bool>(), "the EOS token is special");
        Assert.EndsWith("</s>", response.Json["generated_text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
