package io.escheduler.simulator.generate;

/**
 * The day/night rhythm of user-facing load: a raised cosine over the day with its maximum at {@code peakHour} and its
 * minimum twelve hours later, {@code peakToTrough} times apart, and Saturdays and Sundays scaled by
 * {@code weekendFactor} (simulated time 0 is a Monday, 00:00). Returns a fraction of the peak, in (0, 1].
 */
public record Diurnal(double peakToTrough, double peakHour, double weekendFactor) {

    public Diurnal {
        if (!(peakToTrough >= 1) || !(weekendFactor > 0 && weekendFactor <= 1) || peakHour < 0 || peakHour >= 24) {
            throw new IllegalArgumentException("diurnal: need peakToTrough >= 1, 0 < weekendFactor <= 1, 0 <= peakHour < 24");
        }
    }

    public double at(long millis) {
        double hours = millis / 3_600_000.0;
        double hourOfDay = hours % 24;
        int day = (int) (hours / 24) % 7;
        double trough = 1 / peakToTrough;
        double wave = (1 + Math.cos(2 * Math.PI * (hourOfDay - peakHour) / 24)) / 2;
        double v = trough + (1 - trough) * wave;
        return day >= 5 ? v * weekendFactor : v;
    }
}
