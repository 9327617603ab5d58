namespace InferenceAspire.Compile.Export;

/// <summary>
/// Compiles into a sibling folder and moves it into place only when complete, so a compile that is
/// interrupted never leaves a half-written folder that a later run would reuse or a server would load.
/// </summary>
internal sealed class StagedOutput : IDisposable
{
    private readonly string _output;
    private bool _committed;

    public StagedOutput(string output)
    {
        _output = Path.GetFullPath(output);
        Folder = $"{_output}.partial-{Environment.ProcessId}";
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
    }

    /// <summary>Where the compiler writes.</summary>
    public string Folder { get; }

    public void Commit()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        Directory.Move(Folder, _output);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
