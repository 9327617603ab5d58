using System.Net;
using System.Text;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>POST /tokenize: ids with byte offsets into the input, BOS first.</summary>
public sealed class TokenizeTests(DefaultEngine engine)
{
    private readonly HttpClient _client = engine.Client;

    [Theory]
    [InlineData("ROMEO:\nWhat light is this?")]
    [InlineData("First Citizen:\nBefore we proceed any further, hear me speak.")]
    [InlineData("안녕하세요, 로미오")]
    public async Task Tokenize_answers_tokens_whose_offsets_are_byte_ranges_of_the_input(string inputs)
    {
        var response = await _client.PostAsync("/tokenize", Tgi.Generate(inputs), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("TokenizeResponse", response.Body);
        var tokens = response.Json.AsArray().Select(t => (
            Id: t!["id"]!.GetValue<int>(), Text: t["text"]!.GetValue<string>(),
            Start: t["start"]!.GetValue<int>(), Stop: t["stop"]!.GetValue<int>())).ToArray();
        var bytes = Encoding.UTF8.GetBytes(inputs);

        // The ids the router would generate from: SentencePiece's, BOS first (add_bos_token).
        Assert.Equal(ReferenceTokenizer.Encode(inputs), tokens.Select(t => t.Id));
        Assert.Equal((1, "", 0, 0), tokens[0]);
        foreach (var token in tokens.Skip(1))
        {
            Assert.InRange(token.Start, 0, token.Stop);
            Assert.InRange(token.Stop, 0, bytes.Length);
            // TGI: text = the input's bytes start..stop, decoded lossily.
            Assert.Equal(Encoding.UTF8.GetString(bytes, token.Start, token.Stop - token.Start), token.Text);
        }

        if (bytes.Length == inputs.Length)
        {
            // ASCII: the tokens tile the input in order (a piece's leading space belongs to it).
            Assert.Equal(inputs, string.Concat(tokens.Select(t => t.Text)));
            Assert.Equal(tokens.Skip(1).Select(t => t.Start), tokens.Skip(1).Select(t => t.Start).Order());
        }
    }
}
