package io.escheduler.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo simulates. Two computing systems of two nodes each, every node a two-socket Cascade Lake Xeon
 * ({@value #FIXTURE}), whose load changes every {@link #PHASE}: cluster-a is busy in even phases and quiet in odd ones,
 * cluster-b the other way round. A node's power follows its load (each package from about 35 W idle to 120 W, its DRAM
 * from 4 W to 12 W), and so does its CPU time in {@code /proc/stat}: utilisation and power move together.
 *
 * <p>Runs: in each of four consecutive phases both systems run one program, lulesh in the phases where cluster-a is
 * busy, gromacs in those where cluster-b is. Each program's peak power is therefore lower on the system that was quiet
 * while it ran, and placement sends lulesh to cluster-b and gromacs to cluster-a.
 */
final class Scenario {

    static final String FIXTURE = "xeon-2s-clx";
    static final Duration PHASE = Duration.ofSeconds(8);
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    /** A run starts this long after its phase does (the rate window then holds only its own phase) ... */
    static final Duration RUN_START_MARGIN = Duration.ofSeconds(3);
    /** ... and ends this long before the next one. */
    static final Duration RUN_END_MARGIN = Duration.ofSeconds(1);
    static final int RUN_PHASES = 4;
    static final String BUSY_ON_A = "lulesh";
    static final String BUSY_ON_B = "gromacs";
    static final String SYSTEM_A = "cluster-a";
    static final String SYSTEM_B = "cluster-b";

    /** A simulated node: its system and its load (the busy share of its CPUs) in successive phases, repeated. */
    record Node(String name, String system, List<Double> load) {

        /** The watts of each powercap zone of the fixture at each load level: packages 0 and 1, then their DRAM. */
        List<Double> watts(String zone) {
            double idle = switch (zone) {
                case "intel-rapl:0" -> 35;
                case "intel-rapl:1" -> 32;
                case "intel-rapl:0:0" -> 4;
                case "intel-rapl:1:0" -> 3.5;
                default -> throw new IllegalArgumentException(zone);
            };
            double span = zone.length() > "intel-rapl:0".length() ? 8 : 85;
            return load.stream().map(share -> idle + span * share).toList();
        }
    }

    static final List<String> ZONES = List.of("intel-rapl:0", "intel-rapl:1", "intel-rapl:0:0", "intel-rapl:1:0");

    static final List<Node> NODES = List.of(
            new Node("a1", SYSTEM_A, List.of(0.85, 0.25, 0.75, 0.30)),
            new Node("a2", SYSTEM_A, List.of(0.80, 0.20, 0.70, 0.25)),
            new Node("b1", SYSTEM_B, List.of(0.30, 0.70, 0.35, 0.80)),
            new Node("b2", SYSTEM_B, List.of(0.25, 0.65, 0.30, 0.75)));

    /** A run to register: {@code program} on every node of {@code system} during phase {@code phase}. */
    record Run(String program, String system, List<String> nodes, long phase) {
    }

    private Scenario() {
    }

    static List<String> nodesOf(String system) {
        return NODES.stream().filter(node -> node.system().equals(system)).map(Node::name).toList();
    }

    /** The runs of the {@value #RUN_PHASES} phases from {@code firstPhase} on, on both systems. */
    static List<Run> runs(long firstPhase) {
        List<Run> runs = new ArrayList<>();
        for (long phase = firstPhase; phase < firstPhase + RUN_PHASES; phase++) {
            String program = phase % 2 == 0 ? BUSY_ON_A : BUSY_ON_B;
            for (String system : List.of(SYSTEM_A, SYSTEM_B)) {
                runs.add(new Run(program, system, nodesOf(system), phase));
            }
        }
        return runs;
    }

    /** The system placement must rank first for {@code program}: the one that was quiet while it ran. */
    static String expectedPlacement(String program) {
        return program.equals(BUSY_ON_A) ? SYSTEM_B : SYSTEM_A;
    }
}
