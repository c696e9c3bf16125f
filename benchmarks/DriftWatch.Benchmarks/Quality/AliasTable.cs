namespace DriftWatch.Benchmarks.Quality;

/// <summary>Walker's alias method (Vose's construction): draws from a discrete distribution in O(1), whatever its size.</summary>
public sealed class AliasTable
{
    private readonly double[] _keep;
    private readonly int[] _alias;

    public AliasTable(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int k = weights.Count;
        double total = weights.Sum();
        var scaled = weights.Select(w => w / total * k).ToArray();
        _keep = new double[k];
        _alias = new int[k];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < k; i++) (scaled[i] < 1 ? small : large).Push(i);
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            _keep[s] = scaled[s];
            _alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }
        foreach (int i in large) _keep[i] = 1;
        foreach (int i in small) _keep[i] = 1; // only rounding leaves one here
    }

    public int Count => _keep.Length;

    public int Next(Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble() * _keep.Length;
        int column = (int)u;
        return u - column < _keep[column] ? column : _alias[column];
    }
}
