package io.escheduler.analyzer.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What the report page must show for an API answer: its formatting rule (a copy of the page's
 * {@code format.js}, which {@link ReportPageTest} checks against the page itself) and its summary
 * table as {@code ReportPageTest.TABLE} reads it from the page.
 */
final class PageFigures {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Unit(double factor, String symbol) {
    }

    static final List<Unit> ENERGY = List.of(new Unit(1e9, "GJ"), new Unit(1e6, "MJ"), new Unit(1e3, "kJ"), new Unit(1, "J"));
    static final List<Unit> POWER = List.of(new Unit(1e6, "MW"), new Unit(1e3, "kW"), new Unit(1, "W"));
    static final List<Unit> TIME = List.of(new Unit(3600, "h"), new Unit(60, "min"), new Unit(1, "s"));

    private PageFigures() {
    }

    /** What the page must show for this {@code GET /v1/reports} answer: each system's row, then "all systems". */
    static JsonNode table(JsonNode report) {
        var programs = JSON.createArrayNode();
        for (JsonNode program : report.get("programs")) {
            var rows = JSON.createArrayNode();
            program.get("systems").forEach(system -> rows.add(row(system.get("system").asText(), system)));
            rows.add(row(EnergyReports.ALL_SYSTEMS, program.get("overall")));
            programs.addObject().put("program", program.get("program").asText()).set("rows", rows);
        }
        return programs;
    }

    private static JsonNode row(String system, JsonNode summary) {
        var row = JSON.createObjectNode();
        row.putObject("system").put("text", system).putNull("value");
        row.putObject("runs").put("text", summary.get("runs").asText()).put("value", summary.get("runs").asDouble());
        JsonNode energy = summary.get("energyJoules");
        for (String key : List.of("max", "min", "mean", "total")) {
            cell(row, "energyJoules." + key, energy.isNull() ? null : energy.get(key).asDouble(), ENERGY);
        }
        for (String key : List.of("peakWatts", "minWatts", "meanWatts")) {
            cell(row, key, summary.get(key).isNull() ? null : summary.get(key).asDouble(), POWER);
        }
        cell(row, "durationSeconds", summary.get("runs").asLong() == 0 ? null : summary.get("durationSeconds").asDouble(), TIME);
        return row;
    }

    /** The text the page shows, and the API's number exactly in its data-value. */
    private static void cell(ObjectNode row, String field, Double value, List<Unit> units) {
        var cell = row.putObject(field);
        if (value == null) {
            cell.put("text", "–").putNull("value");
        } else {
            cell.put("text", quantity(value, units)).put("value", value);
        }
    }

    /** The page's table with each data-value read as the number it spells. */
    static JsonNode withNumbers(JsonNode table) {
        JsonNode copy = table.deepCopy();
        copy.forEach(program -> program.get("rows").forEach(row -> row.forEach(cell -> {
            if (cell.get("value").isTextual()) {
                ((ObjectNode) cell).put("value", Double.parseDouble(cell.get("value").asText()));
            }
        })));
        return copy;
    }

    /**
     * The page's rule (format.js quantity()): the largest unit reached, four significant digits with
     * JavaScript's toFixed rounding, and the next unit up when rounding reaches it (999.99 J is 1.000 kJ, 59.9999 s 1.000 min).
     */
    static String quantity(double value, List<Unit> units) {
        int index = 0;
        while (index < units.size() - 1 && Math.abs(value) < units.get(index).factor()) {
            index++;
        }
        String text = fourDigits(value / units.get(index).factor());
        if (index > 0 && Math.abs(Double.parseDouble(text)) * units.get(index).factor() >= units.get(index - 1).factor()) {
            index--;
            text = fourDigits(value / units.get(index).factor());
        }
        return text + " " + units.get(index).symbol();
    }

    /** toFixed(3, 2 or 1 decimals): it rounds the double's exact binary value half away from zero, as BigDecimal(double) HALF_UP does. */
    private static String fourDigits(double value) {
        double magnitude = Math.abs(value);
        return new BigDecimal(value).setScale(magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : 3, RoundingMode.HALF_UP).toPlainString();
    }
}
