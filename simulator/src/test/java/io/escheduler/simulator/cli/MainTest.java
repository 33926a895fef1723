package io.escheduler.simulator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: what a person sees for good and bad input. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void aBrokenTraceRowStopsTheRunWithFileLineAndReason() throws IOException {
        Path trace = dir.resolve("t.csv");
        Files.writeString(trace, "arrival_s,namespace,name,owner,cpu_request_m,memory_request_mi,cpu_use_m,duration_s,program,pdb,scheduler,"
                + "node_selector,tolerations\n0,batch,j1,Job,1000,512,900,60,,,,,\n5,batch,j2,Job,lots,512,900,60,,,,,\n");
        Result r = run("--cluster", "scenarios/hpc-64.yaml", "--workload", trace.toString(), "--policies", "none", "--days", "0.1");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains(trace + ":3: cpu_request_m must be a number, got 'lots'");
        assertThat(r.out).isEmpty();
    }

    @Test
    void usageMistakesSayWhatToWrite() {
        Result r = run("--generate", "hpc");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--cluster FILE is required").contains("usage: escheduler-sim");
        assertThat(run("--cluster", "x.yaml", "--generate", "hpc", "--days", "-1").err).contains("--days must be between");
        assertThat(run("--cluster", "scenarios/hpc-64.yaml", "--generate", "nope", "--policies", "none").err).contains("no such generator file");
        assertThat(run("--cluster", "scenarios/hpc-64.yaml", "--generate", "hpc", "--policies", "dvfs,turbo").err)
                .contains("'turbo' is not a policy");
    }

    @Test
    void theTableHasOneRowPerRun() {
        Result r = run("--cluster", "scenarios/hpc-64.yaml", "--generate", "hpc", "--policies", "none", "--days", "0.1", "--quiet",
                "--placement", "lowest-peak,least-allocated,random");
        assertThat(r.code).isZero();
        assertThat(r.out.lines().filter(l -> l.startsWith("none "))).hasSize(3);
        assertThat(r.out).contains("baseline CPU utilisation");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
