using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>The tests' own tokenizer agrees with the ids SentencePiece produced when the model was made.</summary>
public sealed class ReferenceTokenizerTests
{
    [Fact]
    public async Task The_reference_tokenizer_gives_the_committed_prompt_ids()
    {
        await Repository.WaitForModelAsync(TestContext.Current.CancellationToken);
        foreach (var sample in GreedySample.Load().Samples)
        {
            Assert.Equal(sample.PromptIds, ReferenceTokenizer.Encode(sample.Text));
        }
    }
}
