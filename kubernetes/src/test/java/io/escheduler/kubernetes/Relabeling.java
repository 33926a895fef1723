package io.escheduler.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prometheus' relabel_configs, the actions the scrape configuration uses (replace, keep, drop), applied to one
 * target's labels as Prometheus does: source labels joined by the separator, the regex anchored at both ends,
 * {@code $1}/{@code ${1}} in the replacement, a label set to "" removed, labels starting with {@code __} dropped at the
 * end. Prometheus' regexes are RE2; the ones used here mean the same in java.util.regex.
 */
final class Relabeling {

    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$\\{?(\\d+)}?");

    private Relabeling() {
    }

    /** The target's labels after the rules, or empty when a rule dropped it. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, String>> apply(List<Map<String, Object>> rules, Map<String, String> target) {
        Map<String, String> labels = new TreeMap<>(target);
        for (Map<String, Object> rule : rules) {
            List<String> sources = (List<String>) rule.getOrDefault("source_labels", List.of());
            String separator = (String) rule.getOrDefault("separator", ";");
            String value = sources.stream().map(s -> labels.getOrDefault(s, "")).collect(Collectors.joining(separator));
            Pattern regex = Pattern.compile("^(?:" + rule.getOrDefault("regex", "(.*)") + ")$");
            Matcher m = regex.matcher(value);
            String action = (String) rule.getOrDefault("action", "replace");
            switch (action) {
                case "keep" -> {
                    if (!m.matches()) {
                        return Optional.empty();
                    }
                }
                case "drop" -> {
                    if (m.matches()) {
                        return Optional.empty();
                    }
                }
                case "replace" -> {
                    if (m.matches()) {
                        String result = expand((String) rule.getOrDefault("replacement", "$1"), m);
                        String targetLabel = (String) rule.get("target_label");
                        if (result.isEmpty()) {
                            labels.remove(targetLabel);
                        } else {
                            labels.put(targetLabel, result);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("relabel action " + action + " is not simulated here");
            }
        }
        labels.putIfAbsent("instance", labels.get("__address__"));
        labels.keySet().removeIf(name -> name.startsWith("__"));
        return Optional.of(labels);
    }

    private static String expand(String replacement, Matcher m) {
        Matcher ref = GROUP_REFERENCE.matcher(replacement);
        StringBuilder out = new StringBuilder();
        while (ref.find()) {
            int group = Integer.parseInt(ref.group(1));
            ref.appendReplacement(out, Matcher.quoteReplacement(group <= m.groupCount() && m.group(group) != null ? m.group(group) : ""));
        }
        ref.appendTail(out);
        return out.toString();
    }
}
