package io.escheduler.hardware.rapl;

import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuVendor;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.escheduler.hardware.rapl.RaplDomain.CORE;
import static io.escheduler.hardware.rapl.RaplDomain.DRAM;
import static io.escheduler.hardware.rapl.RaplDomain.PACKAGE;
import static io.escheduler.hardware.rapl.RaplDomain.PSYS;
import static io.escheduler.hardware.rapl.RaplDomain.UNCORE;
import static io.escheduler.hardware.rapl.RaplModel.UnitRule.ATOM;
import static io.escheduler.hardware.rapl.RaplModel.UnitRule.FIXED_DRAM_UNIT;
import static io.escheduler.hardware.rapl.RaplModel.UnitRule.FIXED_PSYS_UNIT;
import static io.escheduler.hardware.rapl.RaplModel.UnitRule.STANDARD;

/**
 * The model table: Intel family 6 models with RAPL (from Linux {@code intel_rapl_common.c}
 * {@code rapl_ids[]}, which decides the unit quirks) and AMD/Hygon Zen families.
 */
public final class RaplModels {

    private static final Set<RaplDomain> CLIENT = EnumSet.of(PACKAGE, CORE, UNCORE, DRAM, PSYS);
    private static final Set<RaplDomain> SERVER = EnumSet.of(PACKAGE, CORE, DRAM, PSYS);
    private static final Set<RaplDomain> ATOM_SOC = EnumSet.of(PACKAGE, CORE);
    private static final Set<RaplDomain> ZEN = EnumSet.of(PACKAGE, CORE);

    /** Intel family 6 model number → model. */
    private static final Map<Integer, RaplModel> INTEL = Map.ofEntries(
            intel(0x2A, "sandybridge", CLIENT, STANDARD),
            intel(0x2D, "sandybridge-x", SERVER, STANDARD),
            intel(0x3A, "ivybridge", CLIENT, STANDARD),
            intel(0x3E, "ivybridge-x", SERVER, STANDARD),
            intel(0x3C, "haswell", CLIENT, STANDARD),
            intel(0x45, "haswell-l", CLIENT, STANDARD),
            intel(0x46, "haswell-g", CLIENT, STANDARD),
            intel(0x3F, "haswell-x", SERVER, FIXED_DRAM_UNIT),
            intel(0x3D, "broadwell", CLIENT, STANDARD),
            intel(0x47, "broadwell-g", CLIENT, STANDARD),
            intel(0x56, "broadwell-d", SERVER, STANDARD),
            intel(0x4F, "broadwell-x", SERVER, FIXED_DRAM_UNIT),
            intel(0x4E, "skylake-l", CLIENT, STANDARD),
            intel(0x5E, "skylake", CLIENT, STANDARD),
            intel(0x55, "skylake-x", SERVER, FIXED_DRAM_UNIT), // also Cascade Lake and Cooper Lake
            intel(0x8E, "kabylake-l", CLIENT, STANDARD),
            intel(0x9E, "kabylake", CLIENT, STANDARD),
            intel(0x66, "cannonlake-l", CLIENT, STANDARD),
            intel(0x7D, "icelake", CLIENT, STANDARD),
            intel(0x7E, "icelake-l", CLIENT, STANDARD),
            intel(0x9D, "icelake-nnpi", CLIENT, STANDARD),
            intel(0x6A, "icelake-x", SERVER, FIXED_DRAM_UNIT),
            intel(0x6C, "icelake-d", SERVER, FIXED_DRAM_UNIT),
            intel(0xA5, "cometlake", CLIENT, STANDARD),
            intel(0xA6, "cometlake-l", CLIENT, STANDARD),
            intel(0x8C, "tigerlake-l", CLIENT, STANDARD),
            intel(0x8D, "tigerlake", CLIENT, STANDARD),
            intel(0xA7, "rocketlake", CLIENT, STANDARD),
            intel(0x8A, "lakefield", CLIENT, STANDARD),
            intel(0x97, "alderlake", CLIENT, STANDARD),
            intel(0x9A, "alderlake-l", CLIENT, STANDARD),
            intel(0xBE, "atom-gracemont", CLIENT, STANDARD),
            intel(0xB7, "raptorlake", CLIENT, STANDARD),
            intel(0xBA, "raptorlake-p", CLIENT, STANDARD),
            intel(0xBF, "raptorlake-s", CLIENT, STANDARD),
            intel(0xAA, "meteorlake-l", CLIENT, STANDARD),
            intel(0xAC, "meteorlake", CLIENT, STANDARD),
            intel(0xBD, "lunarlake-m", CLIENT, STANDARD),
            intel(0xB5, "arrowlake-u", CLIENT, STANDARD),
            intel(0xC5, "arrowlake-h", CLIENT, STANDARD),
            intel(0xC6, "arrowlake", CLIENT, STANDARD),
            intel(0x8F, "sapphirerapids-x", SERVER, FIXED_PSYS_UNIT),
            intel(0xCF, "emeraldrapids-x", SERVER, FIXED_PSYS_UNIT),
            intel(0x37, "atom-silvermont", ATOM_SOC, ATOM),
            intel(0x4A, "atom-silvermont-mid", ATOM_SOC, ATOM),
            intel(0x4C, "atom-airmont", ATOM_SOC, ATOM),
            intel(0x5A, "atom-airmont-mid", ATOM_SOC, ATOM),
            intel(0x5C, "atom-goldmont", CLIENT, STANDARD),
            intel(0x5F, "atom-goldmont-d", SERVER, STANDARD),
            intel(0x7A, "atom-goldmont-plus", CLIENT, STANDARD),
            intel(0x86, "atom-tremont-d", SERVER, STANDARD),
            intel(0x96, "atom-tremont", CLIENT, STANDARD),
            intel(0x9C, "atom-tremont-l", CLIENT, STANDARD),
            intel(0x57, "xeon-phi-knl", SERVER, FIXED_DRAM_UNIT),
            intel(0x85, "xeon-phi-knm", SERVER, FIXED_DRAM_UNIT));

    private RaplModels() {
    }

    private static Map.Entry<Integer, RaplModel> intel(int model, String name, Set<RaplDomain> domains, RaplModel.UnitRule rule) {
        return Map.entry(model, new RaplModel(name, CpuVendor.INTEL, domains, rule));
    }

    /**
     * The RAPL model of a CPU, or empty when the CPU has no RAPL we know how to read: Intel before
     * Sandy Bridge or outside family 6, AMD before family 17h, other vendors.
     *
     * <p>An Intel family 6 model not in the table (a part newer than this table) is probed with
     * every client domain and standard units, as the kernel does for parts it knows by CPUID only.
     */
    public static Optional<RaplModel> lookup(CpuIdentity cpu) {
        return switch (cpu.vendor()) {
            case INTEL -> cpu.family() != 6 ? Optional.empty() : Optional.of(INTEL.getOrDefault(cpu.model(),
                    new RaplModel("intel-" + cpu.familyModel(), CpuVendor.INTEL, CLIENT, STANDARD)));
            case AMD -> cpu.family() < 0x17 ? Optional.empty()
                    : Optional.of(new RaplModel(amdName(cpu.family()), CpuVendor.AMD, ZEN, STANDARD));
            case HYGON -> cpu.family() != 0x18 ? Optional.empty()
                    : Optional.of(new RaplModel("hygon-dhyana", CpuVendor.AMD, ZEN, STANDARD));
            case OTHER -> Optional.empty();
        };
    }

    /** Whether the model is one the table names, rather than the fallback for an unknown Intel model. */
    public static boolean known(CpuIdentity cpu) {
        return switch (cpu.vendor()) {
            case INTEL -> INTEL.containsKey(cpu.model()) && cpu.family() == 6;
            case AMD -> cpu.family() >= 0x17 && cpu.family() <= 0x1A;
            case HYGON -> cpu.family() == 0x18;
            case OTHER -> false;
        };
    }

    private static String amdName(int family) {
        return switch (family) {
            case 0x17 -> "zen-zen2";
            case 0x19 -> "zen3-zen4";
            case 0x1A -> "zen5";
            default -> String.format("amd-family-%Xh", family);
        };
    }
}
