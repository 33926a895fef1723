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
    void anotherSeedGivesAnotherWorkload() throws IOException {
        assertThat(run("a")[1]).isNotEqualTo(run("c", "--seed", "2")[1]);
    }

    private String[] run(String name, String... extra) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {"--cluster", "scenarios/hpc-64.yaml", "--generate", "hpc", "--policies", "none", "--days", "0.25", "--quiet",
                "--placement", "lowest-peak,random", "--json", dir.resolve(name + ".json").toString(), "--html", dir.resolve(name + ".html").toString()};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        int code = Main.run(all, new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(code).isZero();
        return new String[]{out.toString(), Files.readString(dir.resolve(name + ".json")), Files.readString(dir.resolve(name + ".html"))};
    }
}
