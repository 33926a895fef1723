package io.escheduler.simulator.engine;

import io.escheduler.simulator.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Identical input and seed give identical output: the table, the JSON and the page, byte for byte. */
class DeterminismTest {

    @TempDir
    Path dir;

    @Test
    void twoRunsWithTheSameSeedWriteTheSameBytes() throws IOException {
        String[] first = run("a");
        String[] second = run("b");
        assertThat(second).containsExactly(first);
        assertThat(first[1]).contains("\"energyKWh\"");
    }

    @Test
    void runsSideBySideWriteWhatRunsOneAfterAnotherWrite() throws IOException {
        // each run gets its own policy hook and its own usage readers: two threads must not share either
        String[] policies = {"--policies", "all;dvfs", "--days", "0.1"};
        String[] alone = run("d", concat(policies, "--threads", "1"));
        String[] together = run("e", concat(policies, "--threads", "3"));
        assertThat(together).containsExactly(alone);
    }

    @Test
    void anotherSeedGivesAnotherWorkload() throws IOException {
        assertThat(run("a")[1]).isNotEqualTo(run("c", "--seed", "2")[1]);
    }

    private static String[] concat(String[] first, String... then) {
        String[] all = new String[first.length + then.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }

    private String[] run(String name, String... extra) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {"--cluster", "scenarios/hpc-64.yaml", "--generate", "hpc", "--policies", "none", "--days", "0.25", "--quiet",
                "--placement", "lowest-peak,random", "--json", dir.resolve(name + ".json").toString(), "--html", dir.resolve(name + ".html").toString()};
        // a later option wins over the same option earlier
        String[] all = concat(args, extra);
        int code = Main.run(all, new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(code).isZero();
        return new String[]{out.toString(), Files.readString(dir.resolve(name + ".json")), Files.readString(dir.resolve(name + ".html"))};
    }
}
