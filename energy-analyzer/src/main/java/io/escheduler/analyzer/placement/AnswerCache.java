package io.escheduler.analyzer.placement;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent placement answers (their JSON), by request. An answer stays right as long as its program's
 * complete runs and the list of systems stay as they were, so each is stored with that {@link Version}
 * and dropped when asked for with another one. Bounded by the memory it holds, least recently used
 * answers dropped first. Thread-safe.
 */
final class AnswerCache {

    /**
     * What an answer depends on.
     *
     * @param programId    the program's id, -1 when it is unknown
     * @param statsVersion grows whenever a complete run of the program is added, changed or removed (PostgreSQL trigger)
     * @param maxSystemId  the highest system id: grows when a system is added
     */
    record Version(long programId, long statsVersion, long maxSystemId) {
    }

    private record Answer(Version version, byte[] json, long size) {
    }

    /** Bytes an entry costs beyond its JSON and key: the map entry, the records, array headers (an estimate). */
    private static final int ENTRY_OVERHEAD = 160;

    private final long capacity;
    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>(256, 0.75f, true);
    private long held;

    /** @param capacity bytes the answers may take; 0 holds none */
    AnswerCache(long capacity) {
        this.capacity = capacity;
    }

    /** The answer to {@code key} as of {@code version}, or null. */
    synchronized byte[] get(String key, Version version) {
        Answer answer = answers.get(key);
        if (answer == null) {
            return null;
        }
        if (!answer.version().equals(version)) {
            answers.remove(key);
            held -= answer.size();
            return null;
        }
        return answer.json();
    }

    /** Keeps {@code json} as the answer to {@code key} as of {@code version}; the caller must not change the array. */
    synchronized void put(String key, Version version, byte[] json) {
        long size = json.length + 2L * key.length() + ENTRY_OVERHEAD;
        if (size > capacity) {
            return;
        }
        Answer old = answers.put(key, new Answer(version, json, size));
        held += size - (old == null ? 0 : old.size());
        Iterator<Map.Entry<String, Answer>> eldest = answers.entrySet().iterator();
        while (held > capacity) {
            held -= eldest.next().getValue().size();
            eldest.remove();
        }
    }

    /** Bytes held now. */
    synchronized long held() {
        return held;
    }

    synchronized int size() {
        return answers.size();
    }
}
