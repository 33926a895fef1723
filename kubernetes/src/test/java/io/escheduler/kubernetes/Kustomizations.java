package io.escheduler.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The kustomization directories of the checkout. */
final class Kustomizations {

    static final String FILE = "kustomization.yaml";

    private Kustomizations() {
    }

    /** Every directory holding a kustomization.yaml under kubernetes/ and dashboards/, relative to the checkout. */
    static List<String> all() {
        List<String> dirs = new ArrayList<>();
        for (String top : List.of("kubernetes", "dashboards")) {
            try (Stream<Path> files = Files.walk(Repository.resolve(top))) {
                files.filter(f -> f.getFileName().toString().equals(FILE))
                        .filter(f -> !Repository.relative(f).contains("/target/") && !Repository.relative(f).contains("/src/"))
                        .map(f -> Repository.relative(f.getParent())).sorted().forEach(dirs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dirs;
    }

    /**
     * What a person applies: the base, every overlay (kubernetes/overlays/*) and the ServiceMonitors. The invariants
     * and the golden inventories are checked on these.
     */
    static List<String> deployables() {
        List<String> dirs = new ArrayList<>(List.of("kubernetes/base"));
        dirs.addAll(overlays());
        dirs.add("kubernetes/addons/prometheus-operator");
        return dirs;
    }

    /** kubernetes/overlays/*: complete deployments. */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(Repository.resolve("kubernetes/overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(FILE))).map(Repository::relative).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Build> deployableBuilds() {
        return deployables().stream().map(Build::of).toList();
    }

    static List<Build> overlayBuilds() {
        return overlays().stream().map(Build::of).toList();
    }
}
