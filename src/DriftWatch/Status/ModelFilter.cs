namespace DriftWatch.Status;

/// <summary>The <c>?model=M</c> filter of the live page and <c>/status.json</c>: a version key <c>M@V</c> of model M, or every key without a filter.</summary>
public static class ModelFilter
{
    public static bool Shows(string key, string? model) =>
        model is null || (key.Length > model.Length && key[model.Length] == '@' && key.StartsWith(model, StringComparison.Ordinal));
}
