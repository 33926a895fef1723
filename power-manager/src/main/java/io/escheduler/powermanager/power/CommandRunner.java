package io.escheduler.powermanager.power;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program directly (argv, never through a shell) with a deadline. A program still running at the deadline
 * is killed together with every process it started (SIGTERM, then SIGKILL after {@link #KILL_GRACE}): a power
 * script that hangs on an unreachable BMC must not leave children behind. Output goes to temporary files rather
 * than pipes, so a child that keeps the pipes open cannot block the caller; only their last
 * {@value #TAIL_BYTES} bytes are kept.
 */
final class CommandRunner {

    /** Time between SIGTERM and SIGKILL at the deadline. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);

    private static final int TAIL_BYTES = 64 * 1024;

    private CommandRunner() {
    }

    /**
     * @param timedOut the program ran past the deadline and was killed ({@code exitCode} is then meaningless)
     */
    record Result(int exitCode, boolean timedOut, String stdout, String stderr) {

        /** The last {@code lines} lines of stderr and of stdout, for an error message; "no output" when both are empty. */
        String tail(int lines) {
            String err = lastLines(stderr, lines);
            String out = lastLines(stdout, lines);
            if (err.isEmpty() && out.isEmpty()) {
                return "no output";
            }
            return (err.isEmpty() ? "" : "stderr: " + err) + (err.isEmpty() || out.isEmpty() ? "" : "; ")
                    + (out.isEmpty() ? "" : "stdout: " + out);
        }

        private static String lastLines(String text, int lines) {
            List<String> all = text.strip().lines().toList();
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /**
     * @param environment added to power-manager's own environment (secrets go here, never into argv, which any user
     *                    of the machine can read in {@code /proc})
     * @throws IOException the program could not be started (not found, not executable)
     */
    static Result run(List<String> argv, Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("escheduler-power-", ".out");
        Path err = Files.createTempFile("escheduler-power-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                killTree(process);
                throw e;
            }
            if (!finished) {
                killTree(process);
            }
            return new Result(finished ? process.exitValue() : -1, !finished, tail(out), tail(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * SIGTERM to the program and its descendants (listed first: once the program is gone they are reparented and no
     * longer its descendants), SIGKILL to whatever is left after the grace time.
     */
    static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still alive: killed below
            }
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            byte[] bytes = new byte[(int) Math.min(length, TAIL_BYTES)];
            raf.seek(length - bytes.length);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Why {@code program} cannot be run, or null: a path must be an executable file, a bare name must be found on
     * {@code PATH} (as the process launcher would look it up).
     */
    static String notRunnable(String program) {
        if (program.isBlank()) {
            return "the program is empty";
        }
        if (program.contains("/")) {
            Path path = Path.of(program);
            if (!Files.isRegularFile(path)) {
                return program + " does not exist (or is not a file)";
            }
            return Files.isExecutable(path) ? null : program + " is not executable";
        }
        String pathVariable = System.getenv("PATH");
        boolean found = pathVariable != null && Arrays.stream(pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program))
                .anyMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p));
        return found ? null : program + " is not on the PATH (" + pathVariable + "); give its full path";
    }
}
