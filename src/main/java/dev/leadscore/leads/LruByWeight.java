package dev.leadscore.leads;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A map that keeps at most {@code maxEntries} values and at most {@code maxWeight} of their
 * weight in all, the least recently used going first; a value heavier than the whole budget is
 * not kept. Thread-safe (one lock).
 */
final class LruByWeight<V> {
    private final int maxEntries;
    private final long maxWeight;
    private final ToIntFunction<V> weight;
    private final LinkedHashMap<String, V> map = new LinkedHashMap<>(1024, 0.75f, true);
    private long total;

    LruByWeight(int maxEntries, long maxWeight, ToIntFunction<V> weight) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weight = weight;
    }

    synchronized V get(String key) {
        return map.get(key);
    }

    synchronized void put(String key, V value) {
        remove(key);
        int w = weight.applyAsInt(value);
        if (w > maxWeight) {
            return;
        }
        map.put(key, value);
        total += w;
        Iterator<Map.Entry<String, V>> eldest = map.entrySet().iterator();
        while (map.size() > maxEntries || total > maxWeight) {
            total -= weight.applyAsInt(eldest.next().getValue());
            eldest.remove();
        }
    }

    synchronized void remove(String key) {
        V old = map.remove(key);
        if (old != null) {
            total -= weight.applyAsInt(old);
        }
    }

    synchronized int size() {
        return map.size();
    }

    synchronized long weight() {
        return total;
    }
}
