package io.escheduler.hardware.rapl;

/**
 * AMD family 17h and later (Zen) RAPL registers (AMD PPR; Linux {@code msr-index.h}). There is no
 * DRAM, PP1 or PSys domain and no power-limit register: RAPL capping is unavailable on AMD.
 */
public final class AmdRaplRegisters {

    public static final long MSR_AMD_RAPL_POWER_UNIT = 0xC0010299L;
    /** Per core: read on one thread of each core. */
    public static final long MSR_AMD_CORE_ENERGY_STATUS = 0xC001029AL;
    /** Per socket. */
    public static final long MSR_AMD_PKG_ENERGY_STATUS = 0xC001029BL;

    private AmdRaplRegisters() {
    }
}
