using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceAspire.Contracts;

namespace InferenceAspire.Bench.Output;

/// <summary>JSON conventions of the result files: snake_case, indented, and null where a statistic has no value
/// (JSON has no NaN).</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = TgiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        options.Converters.Add(new FiniteDoubleConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
