package io.escheduler.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone of this repository, with nothing beside it, builds, tests and documents itself: no tracked file names a
 * path that leaves the repository, and every Markdown file a tracked file refers to is in it.
 */
class RepositoryStandsAloneTest {

    /** A relative path that climbs: {@code ../x}, {@code ../../x/y}. */
    private static final Pattern CLIMB = Pattern.compile("(?<![\\w.])((?:\\.\\./)+)([\\w.-]*)");
    /** A Markdown file named in prose, a link or a comment: {@code docs/architecture.md}, {@code README.md}. */
    private static final Pattern MARKDOWN = Pattern.compile("(?<![\\w./-])((?:[\\w.-]+/)*[\\w-]+\\.md)\\b");
    /** Names of the tooling that once lived beside the checkout. */
    private static final Pattern OUTSIDE_TOOLS = Pattern.compile("shared/tools|ESCHEDULER_SHARED_TOOLS|escheduler\\.shared\\.tools");

    private static Path root;
    private static List<Path> files;

    @BeforeAll
    static void trackedFiles() throws Exception {
        root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("mvnw")).as("the repository's root is the parent of test-fixtures").exists();
        files = tracked(root);
        assertThat(files).hasSizeGreaterThan(100);
    }

    @Test
    void noTrackedFileClimbsOutOfTheRepository() {
        List<String> found = new ArrayList<>();
        forEachLine((file, number, line) -> {
            Matcher climb = CLIMB.matcher(line);
            while (climb.find()) {
                Path target = root.resolve(file).getParent().resolve(climb.group(1)).normalize();
                if (!target.startsWith(root)) {
                    found.add(file + ":" + number + ": " + climb.group() + " leaves the repository");
                }
            }
            if (OUTSIDE_TOOLS.matcher(line).find() && !file.endsWith("RepositoryStandsAloneTest.java")) {
                found.add(file + ":" + number + ": names tooling outside the repository: " + line.strip());
            }
        });
        assertThat(found).isEmpty();
    }

    @Test
    void everyMarkdownFileReferredToExists() {
        List<String> found = new ArrayList<>();
        forEachLine((file, number, line) -> {
            Matcher markdown = MARKDOWN.matcher(line);
            while (markdown.find()) {
                String name = markdown.group(1);
                if (!exists(file, name)) {
                    found.add(file + ":" + number + ": " + name + " is not in the repository");
                }
            }
        });
        assertThat(found).isEmpty();
    }

    /** Relative to the referring file's directory or any directory above it, up to the root (how a reader looks). */
    private static boolean exists(Path file, String name) {
        for (Path dir = root.resolve(file).getParent(); dir.startsWith(root); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return true;
            }
        }
        return false;
    }

    private interface LineVisitor {
        void visit(Path file, int number, String line);
    }

    private static void forEachLine(LineVisitor visitor) {
        for (Path file : files) {
            List<String> lines;
            try {
                lines = List.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(root.resolve(file))))
                        .toString().split("\n", -1));
            } catch (CharacterCodingException binary) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                visitor.visit(file, i + 1, lines.get(i));
            }
        }
    }

    /** {@code git ls-files}, or where there is no Git (a source archive) every file outside build output. */
    private static List<Path> tracked(Path root) throws Exception {
        if (Files.isDirectory(root.resolve(".git")) || Files.isRegularFile(root.resolve(".git"))) {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile()).redirectErrorStream(false).start();
            byte[] out = git.getInputStream().readAllBytes();
            assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(git.exitValue()).as("git ls-files").isZero();
            List<Path> paths = new ArrayList<>();
            for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
                    paths.add(Path.of(name));
                }
            }
            return paths;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> !p.toString().contains("/target/") && !p.startsWith("target") && !p.startsWith(".mvn/wrapper"))
                    .toList();
        }
    }
}
