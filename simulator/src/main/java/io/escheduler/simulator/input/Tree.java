package io.escheduler.simulator.input;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML (or JSON: JSON is YAML) document read as a tree whose every value knows its line, so that an error names
 * the file, the line and the key. Only what the simulator's files use: mappings with string keys, sequences and
 * scalars. Unknown keys are refused ({@link Mapping#only}), so that a typo is an error and not a default.
 */
public final class Tree {

    private Tree() {
    }

    /** The document in {@code file}; its root must be a mapping. */
    public static Mapping read(Path file) {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                throw new InputError(name, 0, "the file is empty");
            }
            return new Value(name, root).mapping();
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InputError(name, line, "not valid YAML or JSON: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InputError(name, 0, "not valid YAML or JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new InputError(name, 0, "cannot be read: " + e.getMessage());
        }
    }

    /** One value of the document, with where it is. */
    public record Value(String file, Node node) {

        public int line() {
            return node.getStartMark().getLine() + 1;
        }

        public InputError error(String reason) {
            return new InputError(file, line(), reason);
        }

        public Mapping mapping() {
            if (!(node instanceof MappingNode m)) {
                throw error("expected a mapping (key: value)");
            }
            Map<String, Value> values = new LinkedHashMap<>();
            for (NodeTuple tuple : m.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new Value(file, tuple.getKeyNode()).error("a key must be a plain name");
                }
                values.put(key.getValue(), new Value(file, tuple.getValueNode()));
            }
            return new Mapping(this, values);
        }

        public List<Value> list() {
            if (!(node instanceof SequenceNode s)) {
                throw error("expected a list");
            }
            List<Value> out = new ArrayList<>();
            for (Node item : s.getValue()) {
                out.add(new Value(file, item));
            }
            return out;
        }

        public String text() {
            if (!(node instanceof ScalarNode s)) {
                throw error("expected a single value");
            }
            return s.getValue();
        }

        public double number(String what) {
            String text = text().strip();
            try {
                double v = Double.parseDouble(text);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw error(what + " must be a finite number, got " + text);
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(what + " must be a number, got '" + text + "'");
            }
        }

        public long whole(String what) {
            String text = text().strip();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error(what + " must be a whole number, got '" + text + "'");
            }
        }
    }

    /** A mapping with its keys in file order. */
    public record Mapping(Value at, Map<String, Value> values) {

        public int line() {
            return at.line();
        }

        public InputError error(String reason) {
            return at.error(reason);
        }

        /** Refuses any key not in {@code allowed}, naming the first unknown one and the allowed ones. */
        public Mapping only(Set<String> allowed, String what) {
            for (Map.Entry<String, Value> e : values.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw e.getValue().error("unknown key '" + e.getKey() + "' in " + what + " (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
            return this;
        }

        public Value required(String key, String what) {
            Value v = values.get(key);
            if (v == null) {
                throw error(what + " needs '" + key + "'");
            }
            return v;
        }

        public Value optional(String key) {
            return values.get(key);
        }
    }
}
