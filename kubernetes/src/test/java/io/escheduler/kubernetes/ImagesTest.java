package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' images. Each module's {@code deploy/Dockerfile} copies the packaged application (Quarkus' fast-jar,
 * {@code <module>/target/quarkus-app}, the build context) onto a fully named Java 17 runtime, exposes the port the
 * manifests use, runs as the user the pod asks for; and every image build docs/deploy.md and each {@code <module>/deploy/INSTALL.md}
 * files show uses that Dockerfile, that context and the name the manifests use, so that the commands cannot drift
 * apart. Images cannot be built here (no base image can be pulled): this checks what the build would be given.
 */
class ImagesTest {

    /** {@code podman|buildah|docker build -t <name> -f <Dockerfile> <context>}, as the documents write it. */
    private static final Pattern BUILD = Pattern.compile("\\b(podman|buildah|docker) build\\s+-t\\s+(\\S+)\\s+-f\\s+(\\S+)\\s+(\\S+)");
    /** The parts of a fast-jar ({@code quarkus.package.jar.type=fast-jar}, Quarkus' default), each copied on its own. */
    private static final List<String> FAST_JAR = List.of("lib/", "quarkus/", "app/", "quarkus-run.jar");

    @ParameterizedTest
    @EnumSource(Module.class)
    void eachModuleHasADockerfileForItsPackagedApplication(Module module) {
        String file = module.moduleName() + "/deploy/Dockerfile";
        List<String> instructions = instructions(Repository.read(file));

        List<String> from = arguments(instructions, "FROM");
        assertThat(from).as("%s: one stage", file).hasSize(1);
        assertThat(from.get(0)).as("%s: the base image, fully named (Podman and Buildah refuse short names by default)", file)
                .matches("[a-z0-9.-]+\\.[a-z]+/[^:\\s]+:[^\\s]+").doesNotEndWith(":latest");
        List<String> sources = new ArrayList<>();
        for (String copy : arguments(instructions, "COPY")) {
            String[] parts = copy.split("\\s+");
            assertThat(parts).as("%s: COPY %s copies one thing, without options", file, copy).hasSize(2);
            assertThat(parts[1]).as("%s: COPY %s into /deployments", file, copy).startsWith("/deployments/");
            sources.add(parts[0]);
        }
        assertThat(sources).as("%s: copies the fast-jar from its context %s/target/quarkus-app", file, module.moduleName())
                .containsExactlyInAnyOrderElementsOf(FAST_JAR);
        assertThat(arguments(instructions, "WORKDIR")).as("%s: working directory (config/ is read from it)", file)
                .containsExactly("/deployments");
        assertThat(arguments(instructions, "EXPOSE")).as("%s: the port the module listens on", file)
                .containsExactly(Integer.toString(module.defaultPort()));
        assertThat(arguments(instructions, "ENTRYPOINT")).as(file)
                .containsExactly("[\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]");

        Build base = Build.of("kubernetes/base");
        Build.Workload workload = base.workload(module.moduleName()).orElseThrow();
        Container container = workload.container(module.moduleName()).orElseThrow();
        PodSecurityContext pod = workload.spec().getSecurityContext();
        Long runAs = container.getSecurityContext() != null && container.getSecurityContext().getRunAsUser() != null
                ? container.getSecurityContext().getRunAsUser() : pod.getRunAsUser();
        List<String> user = arguments(instructions, "USER");
        if (runAs == 0) {
            assertThat(user).as("%s: the pod runs it as root, as the image does", file).isEmpty();
        } else {
            assertThat(user).as("%s: the user the pod runs it as", file).containsExactly(Long.toString(runAs));
        }
    }

    @Test
    void everyDocumentedImageBuildUsesTheModulesDockerfileContextAndName() {
        List<Path> documents = new ArrayList<>(List.of(Repository.resolve("docs/deploy.md")));
        for (Module module : Module.values()) {
            documents.add(Repository.resolve(module.moduleName() + "/deploy/INSTALL.md"));
        }
        for (Path document : documents) {
            String text = Repository.read(document);
            String name = Repository.relative(document);
            assertThat(text).as("%s: an image is built from the module's deploy/Dockerfile, not from one written inline", name)
                    .doesNotContain("```dockerfile").doesNotContainPattern("(?m)^\\s*FROM ");
            Matcher build = BUILD.matcher(text);
            int builds = 0;
            while (build.find()) {
                builds++;
                String module = build.group(3).replaceFirst("/deploy/Dockerfile$", "");
                assertThat(build.group(3)).as("%s: %s", name, build.group()).isEqualTo(module + "/deploy/Dockerfile");
                assertThat(module).as("%s: %s names a module", name, build.group())
                        .matches(m -> m.equals("$m") || Stream.of(Module.values()).anyMatch(v -> v.moduleName().equals(m)));
                assertThat(build.group(4)).as("%s: %s: the build context", name, build.group()).isEqualTo(module + "/target/quarkus-app");
                assertThat(build.group(2)).as("%s: %s: the image name the manifests use, fully named", name, build.group())
                        .isEqualTo("docker.io/escheduler/" + module + ":0.1.0");
            }
            assertThat(builds).as("%s builds an image", name).isPositive();
        }
    }

    /**
     * The node agents run with the same JVM settings everywhere (docs/msr-exporter.md and docs/node-actuator.md,
     * "Footprint"): the image's {@code JAVA_TOOL_OPTIONS} and {@code MALLOC_ARENA_MAX}, the DaemonSet's (which an
     * overlay may change), the systemd unit's {@code JAVA_OPTS}; and the unit's {@code MemoryMax} is the
     * container's memory limit.
     */
    @ParameterizedTest
    @EnumSource(value = Module.class, names = {"MSR_EXPORTER", "NODE_ACTUATOR"})
    void nodeAgentsRunWithTheSameJvmSettingsInTheImageTheDaemonSetAndTheUnit(Module module) {
        String dockerfile = module.moduleName() + "/deploy/Dockerfile";
        Map<String, String> image = new LinkedHashMap<>();
        Matcher variable = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(String.join(" ", arguments(instructions(Repository.read(dockerfile)), "ENV")));
        while (variable.find()) {
            image.put(variable.group(1), variable.group(2).replace("\"", ""));
        }
        String unitFile = module.moduleName() + "/deploy/systemd/" + module.moduleName() + ".service";
        String unit = Repository.read(unitFile);
        Matcher javaOpts = Pattern.compile("(?m)^Environment=\"JAVA_OPTS=([^\"]*)\"$").matcher(unit);
        assertThat(javaOpts.find()).as("%s: Environment=\"JAVA_OPTS=...\"", unitFile).isTrue();
        Matcher arenas = Pattern.compile("(?m)^Environment=MALLOC_ARENA_MAX=(\\d+)$").matcher(unit);
        assertThat(arenas.find()).as("%s: Environment=MALLOC_ARENA_MAX=", unitFile).isTrue();
        Matcher memoryMax = Pattern.compile("(?m)^MemoryMax=(\\d+)M$").matcher(unit);
        assertThat(memoryMax.find()).as("%s: MemoryMax=<n>M", unitFile).isTrue();

        assertThat(image).as("%s: ENV", dockerfile)
                .containsEntry("JAVA_TOOL_OPTIONS", javaOpts.group(1))
                .containsEntry("MALLOC_ARENA_MAX", arenas.group(1));
        Container container = Build.of("kubernetes/base").workload(module.moduleName()).flatMap(w -> w.container(module.moduleName())).orElseThrow();
        assertThat(Sources.setting(container, "JAVA_TOOL_OPTIONS", null)).as("kubernetes/base: %s JAVA_TOOL_OPTIONS", module.moduleName())
                .isEqualTo(javaOpts.group(1));
        assertThat(Sources.setting(container, "MALLOC_ARENA_MAX", null)).as("kubernetes/base: %s MALLOC_ARENA_MAX", module.moduleName())
                .isEqualTo(arenas.group(1));
        assertThat(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue())
                .as("kubernetes/base: %s memory limit = %s MemoryMax", module.moduleName(), unitFile)
                .isEqualTo(Long.parseLong(memoryMax.group(1)) << 20);
    }

    /** The instructions of a Dockerfile, comments and blank lines left out, continuation lines joined. */
    private static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            instructions.add(current.append(stripped).toString());
            current.setLength(0);
        }
        return instructions;
    }

    /** The arguments of every instruction {@code keyword}, in order. */
    private static List<String> arguments(List<String> instructions, String keyword) {
        return instructions.stream().filter(i -> i.startsWith(keyword + " ")).map(i -> i.substring(keyword.length() + 1).strip()).toList();
    }
}
