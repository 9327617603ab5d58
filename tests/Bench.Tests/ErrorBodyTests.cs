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
        Assert.True(error.IsUnknownModel);
    }
}
