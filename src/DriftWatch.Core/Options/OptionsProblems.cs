using Microsoft.Extensions.Options;

namespace DriftWatch.Core.Options;

/// <summary>The validators' shared step: a list of problems, each naming key, value and what is allowed, as a result.</summary>
public static class OptionsProblems
{
    public static ValidateOptionsResult Result(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
