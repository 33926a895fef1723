package io.escheduler.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kustomization builds with the kubectl under test, in the subset of kustomize that both kubectl 1.20 (Debian
 * 12's kubernetes-client, kustomize v2.0.3: CI's) and current kubectl (kustomize v5) understand, into objects the
 * fabric8 model reads without unknown fields; and each deployable build matches its golden inventory, which pins the
 * objects (and their content) that both versions must produce. Rewrite the inventories after a deliberate change with
 * {@code -Dgolden.update=true} and review the diff.
 */
class KustomizeBuildTest {

    private static final Path GOLDEN = Repository.resolve("kubernetes/src/test/resources/golden");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * The fields kustomize v2.0.3 reads. It ignores any other silently (components, patches, replacements, labels,
     * sortOptions, ...), so a kustomization using one builds something else there than with v5.
     */
    private static final Set<String> V2_FIELDS = Set.of("apiVersion", "kind", "namespace", "namePrefix", "nameSuffix",
            "commonLabels", "commonAnnotations", "resources", "bases", "patchesStrategicMerge", "patchesJson6902",
            "configMapGenerator", "secretGenerator", "generatorOptions", "images", "vars", "crds");
    private static final Set<String> V2_GENERATOR_FIELDS = Set.of("name", "namespace", "behavior", "files", "literals", "type");

    @BeforeAll
    static void sayWhichKubectl() {
        System.out.println("kubectl under test: " + Kubectl.binary() + " (" + Kubectl.version() + ")");
    }

    static List<String> kustomizations() {
        return Kustomizations.all();
    }

    static List<Build> deployables() {
        return Kustomizations.deployableBuilds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    @SuppressWarnings("unchecked")
    void usesOnlyWhatKustomize203AndV5BothBuildTheSame(String dir) throws IOException {
        Path root = Repository.resolve(dir);
        Map<String, Object> k = YAML.readValue(root.resolve(Kustomizations.FILE).toFile(), Map.class);

        assertThat(k.get("kind")).as("%s: kind (v2.0.3 has no Component)", dir).isEqualTo("Kustomization");
        assertThat(k.keySet()).as("%s: fields kustomize v2.0.3 reads (components, patches, labels... it ignores)", dir)
                .isSubsetOf(V2_FIELDS);
        for (String resource : strings(k.get("resources"))) {
            assertThat(root.resolve(resource)).as("%s: resources: lists files only (directories go under bases: for v2.0.3)", dir)
                    .isRegularFile();
        }
        for (String base : strings(k.get("bases"))) {
            assertThat(root.resolve(base).resolve(Kustomizations.FILE)).as("%s: bases: %s", dir, base).isRegularFile();
        }
        for (String patch : strings(k.get("patchesStrategicMerge"))) {
            assertThat(root.resolve(patch).normalize()).as("%s: a patch file inside the kustomization's directory", dir)
                    .startsWith(root).isRegularFile();
        }
        List<Map<String, Object>> generators = new ArrayList<>();
        generators.addAll((List<Map<String, Object>>) k.getOrDefault("configMapGenerator", List.of()));
        generators.addAll((List<Map<String, Object>>) k.getOrDefault("secretGenerator", List.of()));
        for (Map<String, Object> generator : generators) {
            assertThat(generator.keySet()).as("%s: generator %s: fields kustomize v2.0.3 reads", dir, generator.get("name"))
                    .isSubsetOf(V2_GENERATOR_FIELDS);
            for (String file : strings(generator.get("files"))) {
                Path source = root.resolve(file.contains("=") ? file.substring(file.indexOf('=') + 1) : file).normalize();
                assertThat(source).as("%s: generator file inside the kustomization's directory", dir).startsWith(root).isRegularFile();
            }
        }
        if (!generators.isEmpty()) {
            Map<String, Object> options = (Map<String, Object>) k.getOrDefault("generatorOptions", Map.of());
            assertThat(options.get("disableNameSuffixHash"))
                    .as("%s: generatorOptions.disableNameSuffixHash (v2.0.3 and v5 compute different hash suffixes)", dir)
                    .isEqualTo(true);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void buildsIntoObjectsTheModelReadsWithoutUnknownFields(String dir) {
        Build build = Build.of(dir);
        assertThat(build.objects()).as("%s builds into objects", dir).isNotEmpty();
        for (HasMetadata object : build.objects()) {
            assertThat(object.getApiVersion()).as("%s: apiVersion of %s", dir, id(object)).isNotBlank();
            assertThat(Manifests.unknownFields(object)).as("%s: fields of %s the model does not know", dir, id(object)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployables")
    void inventoryMatchesTheGoldenFile(Build build) throws IOException {
        String header = "# kubectl kustomize " + build.name() + ": every object in kubectl's output order, with the first 16\n"
                + "# hex digits of the SHA-256 of its content as canonical JSON. kubectl 1.20 (kustomize v2.0.3, CI's) and\n"
                + "# current kubectl (kustomize v5) must both build exactly this. After a deliberate change:\n"
                + "#   ./mvnw -pl kubernetes verify -Dgolden.update=true   (then review the diff)\n";
        StringBuilder actual = new StringBuilder();
        for (int i = 0; i < build.objects().size(); i++) {
            actual.append(id(build.objects().get(i))).append(' ').append(digest(build.documents().get(i))).append('\n');
        }
        Path golden = GOLDEN.resolve(build.shortName().replace('/', '-') + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, header + actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden inventory (create it with -Dgolden.update=true)").exists();
        String expected = Files.readString(golden, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                .map(l -> l + "\n").reduce("", String::concat);
        assertThat(actual.toString()).as("%s built by %s, against %s", build, Kubectl.version(), Repository.relative(golden))
                .isEqualTo(expected);
    }

    /**
     * kustomize v2.0.3 and v5 sort objects of one kind and namespace differently when one name is the other plus a
     * suffix ({@code grafana}, {@code grafana-db}): the same objects, printed in a different order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployables")
    void noNameIsAnotherOfTheSameKindWithASuffix(Build build) {
        for (HasMetadata a : build.objects()) {
            for (HasMetadata b : build.objects()) {
                if (a != b && a.getKind().equals(b.getKind())
                        && String.valueOf(a.getMetadata().getNamespace()).equals(String.valueOf(b.getMetadata().getNamespace()))) {
                    assertThat(b.getMetadata().getName()).as("%s: %s and %s", build, id(a), id(b))
                            .doesNotStartWith(a.getMetadata().getName());
                }
            }
        }
    }

    static String id(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }

    private static String digest(String document) {
        try {
            Object tree = YAML.readValue(document, Object.class);
            byte[] canonical = CANONICAL.writeValueAsBytes(tree);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : (List<String>) list;
    }
}
