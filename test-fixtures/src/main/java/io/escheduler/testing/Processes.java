package io.escheduler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests ask about processes they did not start themselves (a daemon's server, a process's descendants). */
public final class Processes {

    private Processes() {
    }

    /**
     * Whether process {@code pid} still runs: it exists and is not a zombie. A daemonized server that exited stays a
     * zombie until whoever adopted it reaps it (in a container, PID 1 may never do so), yet holds no port or file.
     */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2); // the state follows "(comm) "
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
