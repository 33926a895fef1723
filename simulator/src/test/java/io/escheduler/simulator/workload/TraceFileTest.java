package io.escheduler.simulator.workload;

import io.escheduler.simulator.input.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trace format of docs/simulator.md: good rows read, a malformed row refused with file, line and reason. */
class TraceFileTest {

    private static final String GOOD = TraceFile.HEADER + "\n"
            + "# a comment\n"
            + "0,web,front-1,ReplicaSet,500,512,curve:diurnal*0.5,,,front:maxUnavailable=1,,tier=web,dedicated=web:NoSchedule\n"
            + "30.5,batch,job-1,Job,2000,4096,1800,600,,,,,\n"
            + "60,hpc,lulesh-1,Job,24000,32768,24000,3600,lulesh,,energy-scheduler,,\n";
    private static final String USAGE = TraceFile.USAGE_HEADER + "\ndiurnal,0,200\ndiurnal,3600,400\n";

    @TempDir
    Path dir;

    @Test
    void rowsAndCurvesAreRead() throws IOException {
        Workload w = TraceFile.read(write(GOOD, USAGE));
        assertThat(w.pods()).hasSize(3);
        PodSpec front = w.pods().get(0);
        assertThat(front.owner()).isEqualTo(Owner.REPLICA_SET);
        assertThat(front.usage().millicores(0)).isEqualTo(100);
        assertThat(front.usage().millicores(3_600_000)).isEqualTo(200);
        assertThat(front.usage().nextChange(0)).isEqualTo(3_600_000);
        assertThat(front.durationMillis()).isEqualTo(-1);
        assertThat(front.budget()).isEqualTo(new Budget("web", "front", -1, 1));
        assertThat(front.nodeSelector()).containsEntry("tier", "web");
        assertThat(front.tolerations()).hasSize(1);
        PodSpec job = w.pods().get(1);
        assertThat(job.arrivalMillis()).isEqualTo(30_500);
        assertThat(job.durationMillis()).isEqualTo(600_000);
        PodSpec run = w.pods().get(2);
        assertThat(run.program()).isEqualTo("lulesh");
        assertThat(run.energyScheduler()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "30.5,batch,job-1,Job,2000,4096,1800,600,,,,,|thirty,batch,job-1,Job,2000,4096,1800,600,,,,,|4|arrival_s must be a number, got 'thirty'",
            "30.5,batch,job-1,Job,2000,4096,1800,600,,,,,|30.5,batch,job-1,Job,2000,4096,1800,,,,,,|4|a Job's pod needs duration_s",
            "30.5,batch,job-1,Job,2000,4096,1800,600,,,,,|30.5,batch,job-1,CronJob,2000,4096,1800,600,,,,,|4|owner must be ReplicaSet",
            "30.5,batch,job-1,Job,2000,4096,1800,600,,,,,|30.5,batch,job-1,Job,2000|4|expected 9 to 13 columns",
            "30.5,batch,job-1,Job,2000,4096,1800,600,,,,,|30.5,batch,Job_1,Job,2000,4096,1800,600,,,,,|4|lower-case DNS names",
            "60,hpc,lulesh-1,Job,24000,32768,24000,3600,lulesh,,energy-scheduler,,|60,hpc,lulesh-1,Job,24000,32768,curve:flat,3600,lulesh,,,,|5|names curve 'flat', which the usage file does not define",
            "60,hpc,lulesh-1,Job,24000,32768,24000,3600,lulesh,,energy-scheduler,,|60,hpc,lulesh-1,Job,24000,32768,24000,3600,lulesh,,volcano,,|5|scheduler must be default-scheduler or energy-scheduler",
            "60,hpc,lulesh-1,Job,24000,32768,24000,3600,lulesh,,energy-scheduler,,|60,batch,job-1,Job,24000,32768,24000,3600,,,,,|5|pod batch/job-1 appears twice",
            "60,hpc,lulesh-1,Job,24000,32768,24000,3600,lulesh,,energy-scheduler,,|60,hpc,\"lulesh-1,Job,24000|5|a quoted field is not closed",
    })
    void aMalformedRowIsRefusedWithFileLineAndReason(String from, String to, int line, String reason) throws IOException {
        Path trace = write(GOOD.replace(from, to), USAGE);
        assertThatThrownBy(() -> TraceFile.read(trace)).isInstanceOf(InputError.class)
                .hasMessageStartingWith(trace + ":" + line + ": ").hasMessageContaining(reason);
    }

    @Test
    void aWrongHeaderOrUsageFileIsRefused() throws IOException {
        Path trace = write(GOOD.replace("arrival_s,", "arrival,"), USAGE);
        assertThatThrownBy(() -> TraceFile.read(trace)).hasMessageStartingWith(trace + ":1: the first line must be the header");
        Path usage = TraceFile.usageFile(write(GOOD, USAGE.replace("diurnal,3600,400", "diurnal,0,400")));
        assertThatThrownBy(() -> TraceFile.read(dir.resolve("trace.csv"))).hasMessageStartingWith(usage + ":3: curve diurnal: time_s must increase");
    }

    private Path write(String trace, String usage) throws IOException {
        Path file = dir.resolve("trace.csv");
        Files.writeString(file, trace);
        Files.writeString(TraceFile.usageFile(file), usage);
        return file;
    }
}
