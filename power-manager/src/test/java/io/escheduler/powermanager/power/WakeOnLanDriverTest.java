package io.escheduler.powermanager.power;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wake-on-LAN: the magic packet as received on a local UDP socket, and the MAC annotation's checks. */
class WakeOnLanDriverTest {

    @TempDir
    Path dir;

    @Test
    void theMagicPacketReachesTheConfiguredAddressAndPort() throws Exception {
        try (DatagramSocket listener = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(5000);
            WakeOnLanDriver driver = new WakeOnLanDriver("127.0.0.1", listener.getLocalPort(), Optional.empty(), "power-manager.power");
            driver.powerOn(Nodes.annotated("n1", WakeOnLanDriver.MAC_ANNOTATION, "0A:1b:2C:3d:4E:5f"));
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            listener.receive(packet);
            byte[] received = Arrays.copyOf(packet.getData(), packet.getLength());
            assertThat(received).hasSize(102);
            assertThat(HexFormat.of().formatHex(received)).isEqualTo("ffffffffffff" + "0a1b2c3d4e5f".repeat(16));
        }
    }

    @Test
    void macAddressesAreReadInTheUsualForms() {
        byte[] expected = HexFormat.of().parseHex("0a1b2c3d4e5f");
        for (String form : List.of("0a:1b:2c:3d:4e:5f", "0A-1B-2C-3D-4E-5F", "0a1b2c3d4e5f", " 0a:1b:2c:3d:4e:5f\n")) {
            assertThat(MagicPacket.mac(form)).as(form).isEqualTo(expected);
        }
        for (String bad : List.of("0a:1b:2c:3d:4e", "0a:1b-2c:3d:4e:5f", "0a:1b:2c:3d:4e:5g", "node14", "")) {
            assertThatThrownBy(() -> MagicPacket.mac(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a MAC address");
        }
    }

    @Test
    void aMissingOrMalformedMacSaysWhichAnnotationToSet() {
        WakeOnLanDriver driver = new WakeOnLanDriver("127.0.0.1", 9, Optional.empty(), "power-manager.power");
        assertThatThrownBy(() -> driver.powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessage("cannot power on node n1 (wake-on-lan (no energy.escheduler.io/mac-address) via 127.0.0.1:9): the Node has no annotation "
                        + "energy.escheduler.io/mac-address: annotate it with the MAC address of the interface that wakes it "
                        + "(kubectl annotate node n1 energy.escheduler.io/mac-address=aa:bb:cc:dd:ee:ff)");
        assertThatThrownBy(() -> driver.powerOn(Nodes.annotated("n1", WakeOnLanDriver.MAC_ANNOTATION, "0a:1b:2c"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("annotation energy.escheduler.io/mac-address: \"0a:1b:2c\" is not a MAC address");
    }

    @Test
    void powerOffNeedsTheGroupsExecCommand() throws Exception {
        WakeOnLanDriver alone = new WakeOnLanDriver("127.0.0.1", 9, Optional.empty(), "power-manager.power.groups.old");
        assertThatThrownBy(() -> alone.powerOff(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("Wake-on-LAN can only switch nodes on: set power-manager.power.groups.old.exec.power-off-command");

        Path script = dir.resolve("suspend");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > " + dir.resolve("args") + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ExecDriver off = new ExecDriver(List.of(), List.of(script.toString()), Duration.ofSeconds(10), "power-manager.power.groups.old");
        new WakeOnLanDriver("127.0.0.1", 9, Optional.of(off), "power-manager.power.groups.old").powerOff(Nodes.node("n1"));
        assertThat(Files.readString(dir.resolve("args")).strip()).isEqualTo("n1");
    }
}
