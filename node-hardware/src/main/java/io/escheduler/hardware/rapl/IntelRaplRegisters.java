package io.escheduler.hardware.rapl;

/** Intel RAPL model-specific registers (Intel SDM vol. 4; Linux {@code msr-index.h} names). */
public final class IntelRaplRegisters {

    public static final long MSR_RAPL_POWER_UNIT = 0x606;

    public static final long MSR_PKG_POWER_LIMIT = 0x610;
    public static final long MSR_PKG_ENERGY_STATUS = 0x611;
    public static final long MSR_PKG_POWER_INFO = 0x614;

    public static final long MSR_DRAM_POWER_LIMIT = 0x618;
    public static final long MSR_DRAM_ENERGY_STATUS = 0x619;
    public static final long MSR_DRAM_POWER_INFO = 0x61C;

    public static final long MSR_PP0_POWER_LIMIT = 0x638;
    public static final long MSR_PP0_ENERGY_STATUS = 0x639;

    public static final long MSR_PP1_POWER_LIMIT = 0x640;
    public static final long MSR_PP1_ENERGY_STATUS = 0x641;

    public static final long MSR_PLATFORM_ENERGY_STATUS = 0x64D;
    public static final long MSR_PLATFORM_POWER_LIMIT = 0x65C;

    private IntelRaplRegisters() {
    }

    public static long energyStatus(RaplDomain domain) {
        return switch (domain) {
            case PACKAGE -> MSR_PKG_ENERGY_STATUS;
            case CORE -> MSR_PP0_ENERGY_STATUS;
            case UNCORE -> MSR_PP1_ENERGY_STATUS;
            case DRAM -> MSR_DRAM_ENERGY_STATUS;
            case PSYS -> MSR_PLATFORM_ENERGY_STATUS;
        };
    }

    public static long powerLimit(RaplDomain domain) {
        return switch (domain) {
            case PACKAGE -> MSR_PKG_POWER_LIMIT;
            case CORE -> MSR_PP0_POWER_LIMIT;
            case UNCORE -> MSR_PP1_POWER_LIMIT;
            case DRAM -> MSR_DRAM_POWER_LIMIT;
            case PSYS -> MSR_PLATFORM_POWER_LIMIT;
        };
    }

    /** Package and PSys limit registers hold PL1 and PL2; PP0, PP1 and DRAM hold one limit (lock at bit 31). */
    public static boolean hasTwoLimits(RaplDomain domain) {
        return domain == RaplDomain.PACKAGE || domain == RaplDomain.PSYS;
    }
}
