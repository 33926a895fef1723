package io.escheduler.hardware.rapl;

import io.escheduler.hardware.topology.CpuVendor;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the exporter knows about one CPU model's RAPL implementation: a readable name, which
 * domains to probe, and how its energy units deviate from the power-unit register.
 *
 * @param name       codename used in logs and in the {@code model} label of {@code rapl_source_info}
 * @param vendor     Intel registers (0x6xx) or AMD registers (0xC00102xx)
 * @param candidates domains to probe; a domain is kept only if its counter reads without error and is non-zero
 * @param units      energy-unit rules
 */
public record RaplModel(String name, CpuVendor vendor, Set<RaplDomain> candidates, UnitRule units) {

    /** How to get each domain's energy unit. */
    public enum UnitRule {
        /** Every domain uses the energy unit of the power-unit register. */
        STANDARD,
        /** DRAM counts in a fixed 2^-16 J (15.3 µJ) whatever 0x606 says (Haswell-EP to Ice Lake-X, Xeon Phi). */
        FIXED_DRAM_UNIT,
        /** PSys counts in a fixed 1 J (Sapphire Rapids, Emerald Rapids); DRAM uses the standard unit. */
        FIXED_PSYS_UNIT,
        /** Atom Silvermont/Airmont: units are 2^ESU µJ and 2^PU mW. */
        ATOM
    }

    static final double DRAM_FIXED_JOULES = Math.scalb(1.0, -16);
    static final double PSYS_FIXED_JOULES = 1.0;

    public RaplModel {
        candidates = Collections.unmodifiableSet(candidates.isEmpty() ? EnumSet.noneOf(RaplDomain.class) : EnumSet.copyOf(candidates));
    }

    /** The units of one domain, given the decoded power-unit register. */
    public RaplUnits unitsFor(RaplDomain domain, long rawUnitRegister) {
        if (units == UnitRule.ATOM) {
            return RaplUnits.decodeAtom(rawUnitRegister);
        }
        RaplUnits standard = RaplUnits.decode(rawUnitRegister);
        if (units == UnitRule.FIXED_DRAM_UNIT && domain == RaplDomain.DRAM) {
            return standard.withJoulesPerCount(DRAM_FIXED_JOULES);
        }
        if (units == UnitRule.FIXED_PSYS_UNIT && domain == RaplDomain.PSYS) {
            return standard.withJoulesPerCount(PSYS_FIXED_JOULES);
        }
        return standard;
    }
}
