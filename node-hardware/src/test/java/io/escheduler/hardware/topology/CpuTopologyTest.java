package io.escheduler.hardware.topology;

import io.escheduler.testing.FixtureMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuTopologyTest {

    @TempDir
    Path dir;

    @Test
    void mapsCpusOntoPackagesAndCores() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);

        CpuTopology topology = CpuTopology.read(machine.sysfs());

        assertThat(topology.cpus()).hasSize(32);
        assertThat(topology.cpus().get(8)).isEqualTo(new Cpu(8, 1, 0));
        assertThat(topology.cpus().get(16)).isEqualTo(new Cpu(16, 0, 0)); // second thread of core 0
        assertThat(topology.firstCpuOfEachPackage()).containsOnlyKeys(0, 1);
        assertThat(topology.firstCpuOfEachPackage().get(1).id()).isEqualTo(8);
        assertThat(topology.firstThreadOfEachCore(1)).extracting(Cpu::id).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
    }

    @Test
    void onlineListWithGaps() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        machine.writeFile(machine.sysfs().resolve("devices/system/cpu/online"), "0-1,4,6-7");

        assertThat(CpuTopology.read(machine.sysfs()).cpus()).extracting(Cpu::id).containsExactly(0, 1, 4, 6, 7);
    }

    @Test
    void malformedOnlineList() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        machine.writeFile(machine.sysfs().resolve("devices/system/cpu/online"), "0-x");

        assertThatThrownBy(() -> CpuTopology.read(machine.sysfs())).isInstanceOf(IOException.class).hasMessageContaining("online");
    }

    @Test
    void identifiesTheCpu() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", dir);

        CpuIdentity cpu = CpuIdentity.read(machine.procfs());

        assertThat(cpu).isEqualTo(new CpuIdentity(CpuVendor.AMD, "AuthenticAMD", 25, 0x21, "AMD Ryzen 7 5800X 8-Core Processor"));
        assertThat(cpu.familyModel()).isEqualTo("19_21h");
    }

    @Test
    void cpuinfoWithoutX86FieldsIsRefused() {
        assertThatThrownBy(() -> CpuIdentity.parse(List.of("processor : 0", "BogoMIPS : 50.00", "CPU implementer : 0x41"), Path.of("cpuinfo")))
                .hasMessageContaining("not an x86 machine");
    }
}
