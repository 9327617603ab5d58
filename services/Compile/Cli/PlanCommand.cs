using System.CommandLine;
using InferenceAspire.Planning;

namespace InferenceAspire.Compile.Cli;

/// <summary><c>plan</c>: says whether the settings can work on the instance, and what they cost in memory and replicas.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var command = new Command("plan", "Check compile settings against the instance before compiling: exit 0 when they work, 2 when not.");
        settings.AddTo(command);
        command.SetAction(result => Run(settings.Read(result)));
        return command;
    }

    public static int Run(CompileSettings settings)
    {
        var plan = Planner.Plan(settings);
        PlanReport.Write(plan, Console.Out);
        return Report(plan);
    }

    /// <summary>Prints one line per problem on stderr; the exit code the plan deserves.</summary>
    public static int Report(CompilePlan plan)
    {
        foreach (var problem in plan.Problems)
        {
            Console.Error.WriteLine($"error: {problem}");
        }

        return plan.Works ? ExitCodes.Success : ExitCodes.Rejected;
    }
}
