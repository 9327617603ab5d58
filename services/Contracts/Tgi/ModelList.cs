namespace InferenceAspire.Contracts.Tgi;

/// <summary>GET /v1/models, in OpenAI's list shape as TGI answers it.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelCard> Data);

public sealed record ModelCard(string Id, string Object, long Created, string OwnedBy);
