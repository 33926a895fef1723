package io.escheduler.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every systemd unit the repository ships ({@code <module>/deploy/systemd/*.service}) or shows in its Markdown (an
 * {@code ini} block with a {@code [Service]} section) runs a JVM, which exits with 143 (128 + SIGTERM) after an orderly
 * shutdown: each says {@code SuccessExitStatus=143}, or {@code systemctl stop} leaves the unit "failed".
 */
class SystemdUnitsTest {

    private static final Pattern INI_BLOCK = Pattern.compile("```ini\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaUnitTakesSigtermsExitStatusAsSuccess() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> units = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/target/")
                    && !p.toString().contains("/.git/") && !p.toString().contains("/node_modules/")).toList()) {
                String name = root.relativize(file).toString();
                if (name.matches("[^/]+/deploy/systemd/[^/]+\\.service")) {
                    units.add(name);
                    check(name, Files.readString(file), missing);
                } else if (name.endsWith(".md")) {
                    Matcher block = INI_BLOCK.matcher(Files.readString(file));
                    while (block.find()) {
                        if (block.group(1).contains("[Service]")) {
                            units.add(name + " (inline unit)");
                            check(name + " (inline unit)", block.group(1), missing);
                        }
                    }
                }
            }
        }
        assertThat(units).as("units found").anyMatch(u -> u.startsWith("energy-analyzer/deploy/systemd/"))
                .anyMatch(u -> u.startsWith("node-actuator/")).anyMatch(u -> u.startsWith("msr-exporter/"));
        assertThat(missing).isEmpty();
    }

    private static void check(String unit, String text, List<String> missing) {
        if (text.contains("java") && !text.lines().map(String::strip).toList().contains("SuccessExitStatus=143")) {
            missing.add(unit + ": a JVM's unit without SuccessExitStatus=143");
        }
    }
}
