package io.escheduler.hardware.topology;

/** CPU vendors as {@code vendor_id} in /proc/cpuinfo names them. */
public enum CpuVendor {
    INTEL("GenuineIntel"),
    AMD("AuthenticAMD"),
    /** Hygon Dhyana: AMD Zen licensed parts (family 18h), same RAPL registers as AMD. */
    HYGON("HygonGenuine"),
    OTHER("");

    private final String vendorId;

    CpuVendor(String vendorId) {
        this.vendorId = vendorId;
    }

    public static CpuVendor fromVendorId(String vendorId) {
        for (CpuVendor vendor : values()) {
            if (vendor != OTHER && vendor.vendorId.equals(vendorId)) {
                return vendor;
            }
        }
        return OTHER;
    }

    /** Lower-case label for metrics: {@code intel}, {@code amd}, {@code hygon}, {@code other}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
