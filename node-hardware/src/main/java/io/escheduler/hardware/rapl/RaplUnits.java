package io.escheduler.hardware.rapl;

/**
 * The units of the RAPL registers, from the power-unit register (Intel {@code MSR_RAPL_POWER_UNIT}
 * 0x606, AMD {@code MSR_AMD_RAPL_POWER_UNIT} 0xC0010299; same layout): power unit bits 3:0
 * (1/2^PU W), energy status unit bits 12:8 (1/2^ESU J), time unit bits 19:16 (1/2^TU s).
 *
 * @param wattsPerCount   watts per count of power fields
 * @param joulesPerCount  joules per count of energy-status counters
 * @param secondsPerCount seconds per count of time fields
 */
public record RaplUnits(double wattsPerCount, double joulesPerCount, double secondsPerCount) {

    /** Decodes the SDM layout. */
    public static RaplUnits decode(long raw) {
        int powerUnit = (int) (raw & 0xF);
        int energyUnit = (int) ((raw >>> 8) & 0x1F);
        int timeUnit = (int) ((raw >>> 16) & 0xF);
        return new RaplUnits(Math.scalb(1.0, -powerUnit), Math.scalb(1.0, -energyUnit), Math.scalb(1.0, -timeUnit));
    }

    /**
     * Atom Silvermont/Airmont (Bay Trail, Cherry Trail, Merrifield, Moorefield) encode energy as
     * 2^ESU µJ and power as 2^PU mW (Linux {@code rapl_check_unit_atom}).
     */
    public static RaplUnits decodeAtom(long raw) {
        int powerUnit = (int) (raw & 0xF);
        int energyUnit = (int) ((raw >>> 8) & 0x1F);
        int timeUnit = (int) ((raw >>> 16) & 0xF);
        return new RaplUnits(Math.scalb(1.0e-3, powerUnit), Math.scalb(1.0e-6, energyUnit), Math.scalb(1.0, -timeUnit));
    }

    /** These units with another energy unit (the DRAM and PSys quirks). */
    public RaplUnits withJoulesPerCount(double joules) {
        return new RaplUnits(wattsPerCount, joules, secondsPerCount);
    }
}
