package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A dashboard's JSON model, and the queries and panels in it. */
record Dashboard(String file, JsonNode json) {

    /** A label in a legend format: {@code {{node}}}. */
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    /** Every panel, rows' nested panels (a collapsed row keeps its panels inside) included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return panels;
    }

    List<JsonNode> variables() {
        List<JsonNode> variables = new ArrayList<>();
        json.path("templating").path("list").forEach(variables::add);
        return variables;
    }

    List<JsonNode> annotations() {
        List<JsonNode> annotations = new ArrayList<>();
        json.path("annotations").path("list").forEach(annotations::add);
        return annotations;
    }

    /** The queries of the variables (type query), in the order Grafana resolves them. */
    List<Query> variableQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : variables()) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                queries.add(new Query(file, "variable $" + variable.path("name").asText(), variable.path("name").asText(),
                        variable.path("datasource").path("uid").asText(), variable.path("datasource").path("type").asText(),
                        text, false, List.of(), List.of()));
            }
        }
        return queries;
    }

    /** The annotation queries and every panel target. */
    List<Query> panelQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode annotation : annotations()) {
            JsonNode target = annotation.path("target");
            JsonNode datasource = target.has("datasource") ? target.path("datasource") : annotation.path("datasource");
            queries.add(query("annotation \"" + annotation.path("name").asText() + "\"", target, datasource, List.of("time", "text")));
        }
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                List<String> columns = new ArrayList<>();
                if ("time_series".equals(target.path("format").asText())) {
                    columns.add("time");
                }
                if (panel.path("options").has("xField")) {
                    columns.add(panel.path("options").path("xField").asText());
                }
                queries.add(query("panel \"" + panel.path("title").asText() + "\"", target, datasource, columns));
            }
        }
        return queries;
    }

    private Query query(String where, JsonNode target, JsonNode datasource, List<String> columns) {
        String type = datasource.path("type").asText();
        String text = Query.PROMETHEUS.equals(type) ? target.path("expr").asText() : target.path("rawSql").asText();
        List<String> labels = new ArrayList<>();
        Matcher m = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
        while (m.find()) {
            labels.add(m.group(1));
        }
        return new Query(file, where, target.path("refId").asText(), datasource.path("uid").asText(), type, text,
                target.path("instant").asBoolean(false), Query.PROMETHEUS.equals(type) ? List.of() : columns, labels);
    }

    String uid() {
        return json.path("uid").asText();
    }
}
