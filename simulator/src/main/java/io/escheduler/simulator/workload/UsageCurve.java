package io.escheduler.simulator.workload;

import java.util.Arrays;

/**
 * A named step curve of CPU use: at {@code times[i]} (ms of simulated time) the use becomes {@code millicores[i]};
 * before the first step it is the first value. Shared by every pod that refers to it, each with its own scale.
 */
public final class UsageCurve {

    private final String name;
    private final long[] times;
    private final double[] millicores;

    public UsageCurve(String name, long[] times, double[] millicores) {
        if (times.length == 0 || times.length != millicores.length) {
            throw new IllegalArgumentException("a usage curve needs at least one step");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("usage curve " + name + ": times must increase");
            }
        }
        this.name = name;
        this.times = times.clone();
        this.millicores = millicores.clone();
    }

    public String name() {
        return name;
    }

    public double at(long millis) {
        int i = Arrays.binarySearch(times, millis);
        if (i < 0) {
            i = -i - 2;
        }
        return millicores[Math.max(0, i)];
    }

    public long nextChange(long millis) {
        int i = Arrays.binarySearch(times, millis);
        i = i < 0 ? -i - 1 : i + 1;
        return i < times.length ? times[i] : Long.MAX_VALUE;
    }

    /** The index of the step in force at {@code millis}, searching forward from {@code from} (time mostly moves on). */
    int index(long millis, int from) {
        int i = Math.max(0, Math.min(from, times.length - 1));
        if (times[i] > millis) {
            int found = Arrays.binarySearch(times, millis);
            return Math.max(0, found < 0 ? -found - 2 : found);
        }
        while (i + 1 < times.length && times[i + 1] <= millis) {
            i++;
        }
        return i;
    }

    /**
     * This curve times {@code scale}: a use that keeps no state, shared by every pod that refers to the curve; its
     * {@link Usage#reader()} remembers where it last read the curve.
     */
    public Usage scaled(double scale) {
        return new Usage() {
            @Override
            public double millicores(long millis) {
                return at(millis) * scale;
            }

            @Override
            public long nextChange(long millis) {
                return UsageCurve.this.nextChange(millis);
            }

            @Override
            public Usage reader() {
                return cursor(scale);
            }

            @Override
            public String toString() {
                return label(scale);
            }
        };
    }

    private String label(double scale) {
        return "curve:" + name + (scale == 1 ? "" : "*" + scale);
    }

    /** This curve times {@code scale}, read forward from where it was read last. */
    private Usage cursor(double scale) {
        return new Usage() {
            private int cursor;

            @Override
            public double millicores(long millis) {
                cursor = index(millis, cursor);
                return millicores[cursor] * scale;
            }

            @Override
            public long nextChange(long millis) {
                cursor = index(millis, cursor);
                return cursor + 1 < times.length ? times[cursor + 1] : Long.MAX_VALUE;
            }

            @Override
            public String toString() {
                return label(scale);
            }
        };
    }
}
