using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class RecompileCommandExtensions
{
    public const string CommandName = "recompile";

    private static readonly string[] BusyStates = [KnownResourceStates.Running, KnownResourceStates.Starting, KnownResourceStates.Waiting];

    /// <summary>
    /// Adds the dashboard command "Recompile" to a compile job that writes <paramref name="outputDirectory"/> on
    /// this machine: it deletes the compiled output, which the job would otherwise reuse, and runs the job again.
    /// Offered while the job is not running. A model server already serving the old output keeps it until restarted.
    /// </summary>
    public static IResourceBuilder<T> WithRecompileCommand<T>(this IResourceBuilder<T> job, string outputDirectory)
        where T : IResource
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);

        return job.WithCommand(CommandName, "Recompile", async context =>
        {
            try
            {
                if (Directory.Exists(outputDirectory))
                {
                    Directory.Delete(outputDirectory, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CommandResults.Failure($"Could not delete the compiled model at {outputDirectory}: {e.Message}");
            }

            var commands = context.Services.GetRequiredService<ResourceCommandService>();
            var started = await commands.ExecuteCommandAsync(context.ResourceName, KnownResourceCommands.StartCommand, context.CancellationToken);
            return started.Success
                ? CommandResults.Success($"Deleted {outputDirectory}; compiling again (see the console log). Restart the model server to serve the new output.")
                : CommandResults.Failure($"Deleted {outputDirectory}, but the job did not start: {started.Message}");
        }, new CommandOptions
        {
            Description = "Deletes the compiled model and runs the compile job again.",
            IconName = "ArrowSync",
            ConfirmationMessage = "Delete the compiled model and compile it again?",
            UpdateState = context => Array.IndexOf(BusyStates, context.ResourceSnapshot.State?.Text) >= 0
                ? ResourceCommandState.Disabled
                : ResourceCommandState.Enabled,
        });
    }
}
