package io.escheduler.powermanager.power;

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
import static org.awaitility.Awaitility.await;

/** The exec driver running real shell scripts written here. */
class ExecDriverTest {

    @TempDir
    Path dir;

    /** A script that writes each of its arguments on a line of {@code args}, prints something, and exits with {@code code}. */
    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Path recorder() throws IOException {
        return script("record", "printf '%s\\n' \"$@\" > " + dir.resolve("args") + "\necho done");
    }

    private List<String> recordedArgs() throws IOException {
        return Files.readAllLines(dir.resolve("args"));
    }

    private static ExecDriver driver(List<String> on, List<String> off, Duration timeout) {
        return new ExecDriver(on, off, timeout, "power-manager.power");
    }

    @Test
    void theNodeNameReplacesItsPlaceholderOrIsAppended() throws Exception {
        String record = recorder().toString();
        ExecDriver driver = driver(List.of(record, "--host={node}-bmc", "on"), List.of(record, "suspend"), Duration.ofSeconds(10));
        driver.powerOn(Nodes.node("n14"));
        assertThat(recordedArgs()).containsExactly("--host=n14-bmc", "on");
        driver.powerOff(Nodes.node("n15"));
        assertThat(recordedArgs()).containsExactly("suspend", "n15");
        assertThat(driver.describe(Nodes.node("n1"))).isEqualTo("exec on: " + record + " --host=n1-bmc on; off: " + record + " suspend n1");
    }

    @Test
    void argumentsReachTheProgramVerbatimWithoutAShell() throws Exception {
        String record = recorder().toString();
        Path marker = dir.resolve("marker");
        ExecDriver driver = driver(List.of(record, "a b; touch " + marker, "$HOME", "*"), List.of(), Duration.ofSeconds(10));
        driver.powerOn(Nodes.node("n1"));
        assertThat(recordedArgs()).containsExactly("a b; touch " + marker, "$HOME", "*", "n1");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aNonZeroExitFailsWithItsCodeAndLastOutput() throws Exception {
        Path failing = script("fail", "echo 'resuming n1'\necho 'ipmi: unable to establish session' >&2\nexit 3");
        ExecDriver driver = driver(List.of(failing.toString()), List.of(failing.toString()), Duration.ofSeconds(10));
        assertThatThrownBy(() -> driver.powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessage("cannot power on node n1 (exec on: " + failing + " n1; off: " + failing + " n1): " + failing
                        + " n1 exited with 3 (stderr: ipmi: unable to establish session; stdout: resuming n1)");
    }

    @Test
    void aHangingCommandIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        Path hanging = script("hang", "echo $$ > " + pids + "\nsleep 300 &\necho $! >> " + pids + "\necho started\nwait");
        ExecDriver driver = driver(List.of(), List.of(hanging.toString(), "{node}"), Duration.ofMillis(700));
        long start = System.nanoTime();
        assertThatThrownBy(() -> driver.powerOff(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("cannot power off node n1")
                .hasMessageContaining(hanging + " n1 still ran after 700ms (power-manager.power.exec.timeout); killed it and its children (stdout: started)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(started).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(started)
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void aMissingCommandOrProgramSaysWhatToSet() {
        ExecDriver offOnly = driver(List.of(), List.of("/bin/true"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> offOnly.powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("no power-on-command is configured: set power-manager.power.exec.power-on-command");
        ExecDriver missing = driver(List.of(dir.resolve("nowhere").toString()), List.of(), Duration.ofSeconds(10));
        assertThatThrownBy(() -> missing.powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("could not start " + dir.resolve("nowhere"));
    }

    @Test
    void programsAreCheckedAsTheLauncherWouldFindThem() throws Exception {
        assertThat(CommandRunner.notRunnable("sh")).isNull();
        assertThat(CommandRunner.notRunnable("/bin/sh")).isNull();
        assertThat(CommandRunner.notRunnable("no-such-program-here")).contains("is not on the PATH");
        Path plain = Files.writeString(dir.resolve("plain"), "");
        assertThat(CommandRunner.notRunnable(plain.toString())).isEqualTo(plain + " is not executable");
        assertThat(Optional.ofNullable(CommandRunner.notRunnable(dir.resolve("none").toString()))).hasValueSatisfying(p -> assertThat(p).contains("does not exist"));
    }
}
