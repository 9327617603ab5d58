namespace InferenceAspire.Chat.Rendering;

public static class ModelNames
{
    /// <summary>A model served from a local folder is shown by the folder's name (its full path says nothing to a
    /// reader and much about the server), a hub model by its id.</summary>
    public static string Display(string id) => Path.IsPathRooted(id) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(id)) : id;
}
