package io.escheduler.powermanager.power;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector in {@code kubectl -l} syntax over Node labels: comma-separated requirements, all of which must
 * hold: {@code key=value} (or {@code ==}), {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)},
 * {@code key} (exists) and {@code !key} (does not exist). As in Kubernetes, {@code !=} and {@code notin} also hold
 * for a node without the label.
 */
final class NodeSelector {

    private static final String KEY = "([A-Za-z0-9][A-Za-z0-9._/-]*)";
    private static final String VALUE = "([A-Za-z0-9._-]*)";
    private static final Pattern NOT_EXISTS = Pattern.compile("!\\s*" + KEY);
    private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(==|=|!=)\\s*" + VALUE);
    private static final Pattern EXISTS = Pattern.compile(KEY);
    private static final Pattern SET_VALUE = Pattern.compile(VALUE);

    private enum Operator { IN, NOT_IN, EXISTS, NOT_EXISTS }

    private record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
            };
        }
    }

    private final String text;
    private final List<Requirement> requirements;

    private NodeSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = requirements;
    }

    /** @throws IllegalArgumentException naming the requirement that does not parse */
    static NodeSelector parse(String text) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : split(text)) {
            requirements.add(requirement(part.strip()));
        }
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("the selector is empty");
        }
        return new NodeSelector(text.strip(), List.copyOf(requirements));
    }

    boolean matches(Map<String, String> labels) {
        Map<String, String> node = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(node));
    }

    @Override
    public String toString() {
        return text;
    }

    /** Splits on the commas outside parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    private static Requirement requirement(String part) {
        Matcher m;
        if ((m = NOT_EXISTS.matcher(part)).matches()) {
            return new Requirement(m.group(1), Operator.NOT_EXISTS, Set.of());
        }
        if ((m = SET.matcher(part)).matches()) {
            Set<String> values = new LinkedHashSet<>();
            for (String value : m.group(3).split(",")) {
                if (!SET_VALUE.matcher(value.strip()).matches()) {
                    throw new IllegalArgumentException("\"" + value.strip() + "\" in \"" + part + "\" is not a label value");
                }
                values.add(value.strip());
            }
            return new Requirement(m.group(1), m.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, Set.copyOf(values));
        }
        if ((m = EQUALITY.matcher(part)).matches()) {
            return new Requirement(m.group(1), m.group(2).equals("!=") ? Operator.NOT_IN : Operator.IN, Set.of(m.group(3)));
        }
        if ((m = EXISTS.matcher(part)).matches()) {
            return new Requirement(m.group(1), Operator.EXISTS, Set.of());
        }
        throw new IllegalArgumentException("\"" + part + "\" is not a label requirement (key=value, key!=value, key in (a,b), "
                + "key notin (a,b), key, !key)");
    }
}
