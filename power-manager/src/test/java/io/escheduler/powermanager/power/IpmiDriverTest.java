package io.escheduler.powermanager.power;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IPMI driver against a fake {@code ipmitool}: a shell script that keeps the chassis power in a file, logs its
 * arguments, refuses to work unless the password arrives in {@code IPMI_PASSWORD}, and fails loudly if it appears
 * on the command line.
 */
class IpmiDriverTest {

    @TempDir
    Path dir;

    private Path ipmitool;

    @BeforeEach
    void fake() throws IOException {
        ipmitool = dir.resolve("ipmitool");
        String d = dir.toString();
        Files.writeString(ipmitool, """
                #!/bin/sh
                echo "$*" >> %1$s/argv
                case "$*" in *s3cret*) echo "password on the command line" >&2; exit 9;; esac
                if [ "$IPMI_PASSWORD" != s3cret ]; then
                  echo "Error: Unable to establish IPMI v2 / RMCP+ session" >&2; exit 1
                fi
                for last; do :; done
                case "$last" in
                  status) echo "Chassis Power is $(cat %1$s/power)";;
                  on) [ -e %1$s/stuck ] || echo on > %1$s/power; echo "Chassis Power Control: Up/On";;
                  soft) [ -e %1$s/ignores-acpi ] || echo off > %1$s/power; echo "Chassis Power Control: Soft";;
                  off) echo off > %1$s/power; echo "Chassis Power Control: Down/Off";;
                  *) echo "unknown $last" >&2; exit 1;;
                esac
                """.formatted(d));
        Files.setPosixFilePermissions(ipmitool, PosixFilePermissions.fromString("rwx------"));
        power("off");
    }

    private void power(String state) throws IOException {
        Files.writeString(dir.resolve("power"), state + "\n");
    }

    private String power() throws IOException {
        return Files.readString(dir.resolve("power")).strip();
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("argv"));
    }

    private IpmiDriver driver(String password, Duration timeout, boolean forceOff) {
        IpmiDriver.Settings settings = new IpmiDriver.Settings("power-manager.power", Optional.of("{node}-bmc.example"), "bmc-login",
                Optional.empty(), ipmitool.toString(), "lanplus", timeout, timeout, forceOff, timeout, Duration.ofMillis(20), Duration.ofSeconds(10));
        return new IpmiDriver(settings, (namespace, name) -> new CredentialsSource.Credentials("admin", password));
    }

    private IpmiDriver driver() {
        return driver("s3cret", Duration.ofSeconds(5), true);
    }

    @Test
    void powerOnSendsOnAndPollsTheStatusWithThePasswordInTheEnvironmentOnly() throws Exception {
        driver().powerOn(Nodes.node("n1"));
        assertThat(power()).isEqualTo("on");
        String base = "-I lanplus -H n1-bmc.example -U admin -E chassis power ";
        assertThat(calls()).startsWith(base + "status", base + "on", base + "status").allMatch(c -> !c.contains("s3cret"));
    }

    @Test
    void powerOffIsASoftShutdownAndNothingIsDoneWhenAlreadyOff() throws Exception {
        power("on");
        driver().powerOff(Nodes.annotated("n1", BmcAddress.ANNOTATION, "10.0.0.7"));
        assertThat(power()).isEqualTo("off");
        assertThat(calls()).extracting(c -> c.substring(c.lastIndexOf(' ') + 1)).containsExactly("status", "soft", "status");
        assertThat(calls()).allMatch(c -> c.contains("-H 10.0.0.7 "));
        Files.delete(dir.resolve("argv"));
        driver().powerOff(Nodes.node("n1"));
        assertThat(calls()).extracting(c -> c.substring(c.lastIndexOf(' ') + 1)).containsExactly("status");
    }

    @Test
    void anIgnoredSoftShutdownIsFollowedByAHardOff() throws Exception {
        power("on");
        Files.createFile(dir.resolve("ignores-acpi"));
        driver("s3cret", Duration.ofMillis(300), true).powerOff(Nodes.node("n1"));
        assertThat(power()).isEqualTo("off");
        assertThat(calls()).extracting(c -> c.substring(c.lastIndexOf(' ') + 1)).contains("soft", "off").endsWith("status");
    }

    @Test
    void withoutForceOffAnIgnoredSoftShutdownFails() throws Exception {
        power("on");
        Files.createFile(dir.resolve("ignores-acpi"));
        assertThatThrownBy(() -> driver("s3cret", Duration.ofMillis(200), false).powerOff(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("still on 200ms after chassis power soft (power-manager.power.ipmi.soft-off-timeout)");
        assertThat(calls()).noneMatch(c -> c.endsWith("power off"));
    }

    @Test
    void aWrongPasswordFailsWithIpmitoolsMessageAndTheSecret() {
        assertThatThrownBy(() -> driver("wrong", Duration.ofSeconds(5), true).powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("cannot power on node n1 (ipmi n1-bmc.example (" + ipmitool + " -I lanplus))")
                .hasMessageContaining("chassis power status exited with 1 (stderr: Error: Unable to establish IPMI v2 / RMCP+ session)")
                .hasMessageContaining("Secret bmc-login (power-manager.power.ipmi.credentials-secret)")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void aNodeThatNeverComesOnFailsAfterTheTimeout() throws Exception {
        Files.createFile(dir.resolve("stuck"));
        assertThatThrownBy(() -> driver("s3cret", Duration.ofMillis(300), true).powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("chassis power not on 300ms after the command (power-manager.power.ipmi.power-on-timeout)");
    }

    @Test
    void statusLinesAreRead() {
        assertThat(IpmiDriver.parseStatus("Chassis Power is on\n")).isTrue();
        assertThat(IpmiDriver.parseStatus("Chassis Power is off\n")).isFalse();
        assertThat(IpmiDriver.parseStatus("Unable to get Chassis Power Status\n")).isNull();
    }
}
