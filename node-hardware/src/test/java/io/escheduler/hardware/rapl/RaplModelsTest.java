package io.escheduler.hardware.rapl;

import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuVendor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RaplModelsTest {

    private static final long UNITS = 0x000A0E03L; // ESU 14: 2^-14 J
    private static final double STANDARD = Math.scalb(1.0, -14);
    private static final double FIXED_DRAM = Math.scalb(1.0, -16);

    @ParameterizedTest(name = "{0}h {1}: dram {3} J, psys {4} J")
    @CsvSource({
            // vendor,       family, model, name,               dram J/count, psys J/count
            "GenuineIntel,   6,  0x3F,  haswell-x,          FIXED, STANDARD",
            "GenuineIntel,   6,  0x4F,  broadwell-x,        FIXED, STANDARD",
            "GenuineIntel,   6,  0x55,  skylake-x,          FIXED, STANDARD",
            "GenuineIntel,   6,  0x6A,  icelake-x,          FIXED, STANDARD",
            "GenuineIntel,   6,  0x6C,  icelake-d,          FIXED, STANDARD",
            "GenuineIntel,   6,  0x57,  xeon-phi-knl,       FIXED, STANDARD",
            "GenuineIntel,   6,  0x85,  xeon-phi-knm,       FIXED, STANDARD",
            "GenuineIntel,   6,  0x8F,  sapphirerapids-x,   STANDARD, ONE",
            "GenuineIntel,   6,  0xCF,  emeraldrapids-x,    STANDARD, ONE",
            "GenuineIntel,   6,  0x8E,  kabylake-l,         STANDARD, STANDARD",
            "GenuineIntel,   6,  0x2A,  sandybridge,        STANDARD, STANDARD",
            "GenuineIntel,   6,  0x56,  broadwell-d,        STANDARD, STANDARD",
            "GenuineIntel,   6,  0xF1,  intel-06_F1h,       STANDARD, STANDARD",
            "AuthenticAMD,   25, 0x21,  zen3-zen4,          STANDARD, STANDARD",
            "AuthenticAMD,   23, 0x31,  zen-zen2,           STANDARD, STANDARD",
            "AuthenticAMD,   26, 0x02,  zen5,               STANDARD, STANDARD",
            "HygonGenuine,   24, 0x00,  hygon-dhyana,       STANDARD, STANDARD",
    })
    void unitQuirksFollowTheModelTable(String vendor, int family, String model, String name, String dram, String psys) {
        RaplModel rapl = RaplModels.lookup(identity(vendor, family, Integer.decode(model))).orElseThrow();

        assertThat(rapl.name()).isEqualTo(name);
        assertThat(rapl.unitsFor(RaplDomain.PACKAGE, UNITS).joulesPerCount()).isEqualTo(STANDARD);
        assertThat(rapl.unitsFor(RaplDomain.DRAM, UNITS).joulesPerCount()).isEqualTo(expected(dram));
        assertThat(rapl.unitsFor(RaplDomain.PSYS, UNITS).joulesPerCount()).isEqualTo(expected(psys));
    }

    @ParameterizedTest(name = "{0} family {1} model {2} has no RAPL")
    @CsvSource({
            "GenuineIntel, 15, 0x06",   // NetBurst
            "AuthenticAMD, 22, 0x30",   // family 16h: before Zen
            "CentaurHauls, 6,  0x0F",
    })
    void partsWithoutRapl(String vendor, int family, String model) {
        assertThat(RaplModels.lookup(identity(vendor, family, Integer.decode(model)))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void intelModelsMissingFromTheTableAreProbedButFlagged() {
        CpuIdentity newer = identity("GenuineIntel", 6, 0xF1);

        assertThat(RaplModels.known(newer)).isFalse();
        assertThat(RaplModels.lookup(newer)).isPresent();
        assertThat(RaplModels.known(identity("GenuineIntel", 6, 0x55))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "0x8E, 'PACKAGE,CORE,UNCORE,DRAM,PSYS'",
            "0x55, 'PACKAGE,CORE,DRAM,PSYS'",
            "0x37, 'PACKAGE,CORE'",
    })
    void candidateDomainsByClass(String model, String domains) {
        RaplModel rapl = RaplModels.lookup(identity("GenuineIntel", 6, Integer.decode(model))).orElseThrow();

        assertThat(rapl.candidates()).map(Enum::name).containsExactly(domains.split(","));
    }

    @ParameterizedTest
    @CsvSource({"0x37", "0x4A", "0x4C", "0x5A"})
    void silvermontAndAirmontUseAtomUnits(String model) {
        RaplModel rapl = RaplModels.lookup(identity("GenuineIntel", 6, Integer.decode(model))).orElseThrow();

        assertThat(rapl.unitsFor(RaplDomain.PACKAGE, 0x000A0505L).joulesPerCount()).isCloseTo(32e-6, org.assertj.core.data.Offset.offset(1e-18));
    }

    private static double expected(String unit) {
        return switch (unit) {
            case "FIXED" -> FIXED_DRAM;
            case "ONE" -> 1.0;
            default -> STANDARD;
        };
    }

    private static CpuIdentity identity(String vendor, int family, int model) {
        return new CpuIdentity(CpuVendor.fromVendorId(vendor), vendor, family, model, "test part");
    }
}
