package io.escheduler.policies.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Items sorted by a number given once per item, not computed twice per comparison (a policy sorts every node of the
 * cluster every cycle). Stable: items with equal keys keep the order they were added in, e.g. a snapshot's name order,
 * so the result is that of sorting by the key, then by name. Add the items, then read the order once.
 */
public final class SortKeys<T> {

    private final List<T> items;
    private long[] keys;
    private int[] order;

    public SortKeys(int expected) {
        this.items = new ArrayList<>(expected);
        this.keys = new long[Math.max(expected, 1)];
    }

    public void add(T item, long key) {
        if (items.size() == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[items.size()] = key;
        items.add(item);
    }

    /** The items by key, smallest first; ties in the order they were added. */
    public List<T> ascending() {
        int[] o = order();
        List<T> out = new ArrayList<>(o.length);
        for (int i : o) {
            out.add(items.get(i));
        }
        return out;
    }

    /** The keys in {@link #ascending()} order. */
    public long[] ascendingKeys() {
        int[] o = order();
        long[] out = new long[o.length];
        for (int i = 0; i < o.length; i++) {
            out[i] = keys[o[i]];
        }
        return out;
    }

    private int[] order() {
        if (order == null) {
            int n = items.size();
            Integer[] positions = new Integer[n];
            for (int i = 0; i < n; i++) {
                positions[i] = i;
            }
            long[] k = keys;
            // Arrays.sort of objects is stable: equal keys keep their positions' order
            Arrays.sort(positions, (a, b) -> Long.compare(k[a], k[b]));
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = positions[i];
            }
        }
        return order;
    }
}
