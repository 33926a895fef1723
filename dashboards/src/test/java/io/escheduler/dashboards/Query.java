package io.escheduler.dashboards;

import java.util.List;

/**
 * One query of a dashboard as Grafana sends it, before interpolation, with what its panel needs of the answer.
 *
 * @param dashboard  the dashboard's file name
 * @param where      what runs it: {@code panel "<title>"}, {@code annotation "<name>"} or {@code variable $<name>}
 * @param refId      the target's refId (the variable's name for a variable query)
 * @param datasource the data source uid the query is sent to
 * @param type       that data source's type as the dashboard names it
 * @param text       PromQL ({@code expr}), SQL ({@code rawSql}) or a variable query
 * @param instant    a Prometheus instant query (stat, table); otherwise a range query
 * @param columns    SQL: columns the answer must have ({@code time} for a time series, {@code time} and
 *                   {@code text} for an annotation, a bar chart's x field)
 * @param labels     Prometheus: labels every series must carry (those its legend format names)
 */
record Query(String dashboard, String where, String refId, String datasource, String type, String text, boolean instant,
             List<String> columns, List<String> labels) {

    static final String PROMETHEUS = "prometheus";
    static final String POSTGRES = "grafana-postgresql-datasource";

    boolean prometheus() {
        return PROMETHEUS.equals(type);
    }

    boolean sql() {
        return POSTGRES.equals(type);
    }

    @Override
    public String toString() {
        return dashboard + " " + where + " " + refId;
    }
}
