package io.escheduler.testing;

import java.nio.file.Path;

/**
 * Writes a fixture machine's tree for benchmarks and manual runs:
 * {@code java -cp ... io.escheduler.testing.FixtureCli <machine> <directory>}.
 */
public final class FixtureCli {

    private FixtureCli() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: FixtureCli <machine> <directory>   (machines: intel-client-kbl, xeon-2s-clx, xeon-2s-spr, amd-ryzen-5800x)");
            System.exit(2);
        }
        FixtureMachine machine = FixtureMachine.create(args[0], Path.of(args[1]).toAbsolutePath());
        System.out.println(machine.root() + ": " + machine.cpuCount() + " CPUs; MSR devices " + machine.msrPattern());
    }
}
