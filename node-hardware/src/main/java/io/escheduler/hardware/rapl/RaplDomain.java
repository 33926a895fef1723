package io.escheduler.hardware.rapl;

import java.util.Locale;

/**
 * RAPL power domains, named as in the {@code domain} label of the exporter's metrics and as the
 * kernel's powercap zones name them.
 */
public enum RaplDomain {
    /** The whole socket (PKG). */
    PACKAGE,
    /** Power plane 0: the cores (PP0). */
    CORE,
    /** Power plane 1: the uncore, on client parts the integrated GPU (PP1). */
    UNCORE,
    /** Memory attached to the package. */
    DRAM,
    /** The whole platform (PSys, Skylake and later): not per package. */
    PSYS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** PSys covers the platform: its series carry no package. */
    public boolean platformWide() {
        return this == PSYS;
    }

    public static RaplDomain fromLabel(String label) {
        for (RaplDomain domain : values()) {
            if (domain.label().equals(label)) {
                return domain;
            }
        }
        throw new IllegalArgumentException("unknown RAPL domain '" + label + "' (known: package, core, uncore, dram, psys)");
    }
}
