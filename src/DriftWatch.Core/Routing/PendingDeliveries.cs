using DriftWatch.Core.Checkpoints;

namespace DriftWatch.Core.Routing;

/// <summary>
/// A version's decisions queued for notification targets and not yet delivered or given up on. They are part of the
/// version's checkpoint, so after a crash or a stop the worker that restores the version sends them again, and a
/// delivery settled before the checkpoint is never sent twice. At most <see cref="Limit"/> are kept, the latest: a
/// target that has been down for that many of the version's decisions must not make its checkpoint too big to write.
/// </summary>
public sealed class PendingDeliveries
{
    /// <summary>The most deliveries a version keeps (a checkpoint grows by a few hundred bytes with each).</summary>
    public const int Limit = 64;

    private readonly List<PendingDelivery> _items = [];

    public int Count => _items.Count;

    public IReadOnlyList<PendingDelivery> Items => _items;

    /// <summary>Deliveries let go, the oldest first, to keep <see cref="Limit"/>: they are still sent unless the process stops first.</summary>
    public long LetGo { get; private set; }

    /// <summary>Adds a delivery; false when the same decision is already pending for that target.</summary>
    public bool Add(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (IndexOf(delivery.Target, delivery.Id) >= 0) return false;
        if (_items.Count == Limit)
        {
            _items.RemoveAt(0);
            LetGo++;
        }
        _items.Add(delivery);
        return true;
    }

    /// <summary>Settles the delivery of decision <paramref name="id"/> to <paramref name="target"/>; false when it was not pending.</summary>
    public bool Remove(string target, string id)
    {
        int i = IndexOf(target, id);
        if (i < 0) return false;
        _items.RemoveAt(i);
        return true;
    }

    /// <summary>Lets every delivery go (none can be sent).</summary>
    public void Clear() => _items.Clear();

    /// <summary>Takes over the deliveries of a state this one replaces.</summary>
    internal void TakeOver(PendingDeliveries other)
    {
        foreach (var d in other._items) Add(d);
    }

    private int IndexOf(string target, string id) => _items.FindIndex(d => d.Id == id && d.Target == target);

    internal void Save(CheckpointWriter w)
    {
        w.Varint(_items.Count);
        foreach (var d in _items)
        {
            w.Text(d.Target);
            DecisionCodec.Write(w, d.Decision);
        }
    }

    internal void Load(ref CheckpointReader r, string model, string version)
    {
        _items.Clear();
        long count = r.Count(Limit);
        for (long i = 0; i < count; i++)
        {
            string target = r.Text();
            _items.Add(new PendingDelivery(target, DecisionCodec.Read(ref r, model, version)));
        }
    }
}
