using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Tests;

public sealed class ErrorBodyTests
{
    [Fact]
    public void An_error_whose_message_cannot_be_read_as_a_string_is_kept_as_the_text_that_came()
    {
        // Valid JSON, but an escaped lone surrogate throws when read as a .NET string.
        const string body = "{\"error\":{\"message\":\"overloaded \\ud800\",\"http_status_code\":503}}";

        var error = ErrorBody.Parse(body);

        Assert.Equal(body, error.Message);
        Assert.Null(error.Status);
    }

    [Fact]
    public void OpenAIs_error_gives_its_message_status_code_and_param()
    {
        var error = ErrorBody.Parse("{\"error\":{\"message\":\"The model 'x' does not exist\",\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\",\"http_status_code\":404}}");

        Assert.Equal("The model 'x' does not exist", error.Message);
        Assert.Equal(404, error.Status);
        Assert.True(error.NamesUnknownModel(404));
    }

    [Theory]
    [InlineData("{\"object\":\"error\",\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}", true)]
    [InlineData("{\"error\":{\"message\":\"model \\\"x\\\" not found, try pulling it first\",\"type\":\"api_error\",\"param\":null,\"code\":null}}", true)]
    [InlineData("{\"error\":{\"message\":\"Not Found\",\"code\":404}}", false)]
    public void A_404_that_speaks_of_the_model_is_an_unknown_model_and_one_that_does_not_is_a_wrong_url(string body, bool unknownModel)
    {
        // The status is the HTTP response's: vLLM repeats it in the body, Ollama does not.
        Assert.Equal(unknownModel, ErrorBody.Parse(body).NamesUnknownModel(404));
    }
}
