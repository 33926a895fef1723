package io.escheduler.policies;

import io.escheduler.testing.ClassFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * power-policies is plain Java: the service and the simulator run its classes, so none may need a framework. Every
 * compiled class of the module is read (its constant pool names everything it links to, whatever the source wrote),
 * and every source file's imports too (an annotation the compiler drops leaves no trace in a class file).
 */
class PoliciesArchitectureTest {

    /** Quarkus, fabric8, Jakarta EE, CDI and javax.inject, MicroProfile, SmallRye, Micrometer, JBoss (logging among them). */
    static final Set<String> FORBIDDEN = Set.of("io/quarkus/", "io/fabric8/", "jakarta/", "javax/enterprise/", "javax/inject/",
            "org/eclipse/microprofile/", "io/smallrye/", "io/micrometer/", "org/jboss/");

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void noCompiledClassLinksToAFramework() throws IOException {
        List<Path> classes = files(CLASSES, ".class");
        assertThat(classes).as("the module's classes under %s", CLASSES.toAbsolutePath()).hasSizeGreaterThan(50);
        List<String> violations = new ArrayList<>();
        for (Path c : classes) {
            Set<String> found = ClassFiles.forbidden(c, FORBIDDEN);
            if (!found.isEmpty()) {
                violations.add(CLASSES.relativize(c) + " refers to " + found);
            }
        }
        assertThat(violations).as("power-policies must stay plain Java").isEmpty();
    }

    @Test
    void noSourceImportsAFramework() throws IOException {
        List<Path> sources = files(SOURCES, ".java");
        assertThat(sources).hasSizeGreaterThan(50);
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            Matcher m = IMPORT.matcher(Files.readString(source));
            while (m.find()) {
                String imported = m.group(1).replace('.', '/') + "/";
                if (FORBIDDEN.stream().anyMatch(imported::startsWith)) {
                    violations.add(SOURCES.relativize(source) + " imports " + m.group(1));
                }
            }
        }
        assertThat(violations).as("power-policies must stay plain Java").isEmpty();
    }

    /** The check finds what it looks for: this test class itself links to AssertJ and JUnit. */
    @Test
    void theConstantPoolCheckSeesALibraryAClassUses() {
        Path self = Path.of("target", "test-classes", "io", "escheduler", "policies", "PoliciesArchitectureTest.class");
        assertThat(ClassFiles.forbidden(self, Set.of("org/assertj/", "org/junit/", "io/quarkus/")))
                .containsExactly("org/assertj/", "org/junit/");
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
