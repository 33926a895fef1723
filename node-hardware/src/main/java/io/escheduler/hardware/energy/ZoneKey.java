package io.escheduler.hardware.energy;

import io.escheduler.hardware.rapl.RaplDomain;

/**
 * What one exported energy series measures: a domain of a package, or the platform ({@code psys},
 * empty package). Several hardware counters may add up to one key (AMD's per-core counters sum to
 * the package's {@code core} domain).
 *
 * @param packageId the package as the source names it ({@code 0}, {@code 1}; powercap may say {@code 0-die-1}); empty for PSys
 */
public record ZoneKey(String packageId, RaplDomain domain) implements Comparable<ZoneKey> {

    public static ZoneKey of(int packageId, RaplDomain domain) {
        return domain.platformWide() ? platform(domain) : new ZoneKey(Integer.toString(packageId), domain);
    }

    public static ZoneKey platform(RaplDomain domain) {
        return new ZoneKey("", domain);
    }

    @Override
    public int compareTo(ZoneKey other) {
        int byPackage = packageId.compareTo(other.packageId);
        return byPackage != 0 ? byPackage : domain.compareTo(other.domain);
    }

    @Override
    public String toString() {
        return packageId.isEmpty() ? domain.label() : domain.label() + " of package " + packageId;
    }
}
