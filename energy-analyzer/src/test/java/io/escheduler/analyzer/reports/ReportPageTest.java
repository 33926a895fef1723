package io.escheduler.analyzer.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.reports.RunSeeder.Seed;
import io.escheduler.testing.HeadlessChromium;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.escheduler.analyzer.reports.PageFigures.ENERGY;
import static io.escheduler.analyzer.reports.PageFigures.POWER;
import static io.escheduler.analyzer.reports.PageFigures.TIME;
import static io.escheduler.analyzer.reports.PageFigures.quantity;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The report page ({@code /report}, static resources of the analyzer) in headless Chromium against
 * the running analyzer on a real PostgreSQL: the table shows exactly what {@code GET /v1/reports}
 * answers, formatted as the page formats it; the charts are drawn with their series' colours on the
 * canvas; no console error; errors are said in words; it works behind a path prefix. The screenshot
 * is {@code target/report/report.png} (the whole page, runs unfolded: {@code report-whole-page.png}), the
 * rendered document {@code target/report/report.html}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(DatabaseOnlyProfile.class)
class ReportPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "report");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(90);
    private static final String P = RunSeeder.uniquePrefix("page");
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final String SETTLED = "['ready', 'idle', 'error'].includes(document.body && document.body.dataset.state)";

    private static HeadlessChromium chromium;

    private final String lulesh = P + "lulesh";
    private final String hpl = P + "hpl";
    private final String idle = P + "idle";

    @TestHTTPResource("/")
    URL root;

    @Inject
    RunSeeder seeder;

    @BeforeAll
    static void startChromium() {
        chromium = HeadlessChromium.start(OUT.resolve("chromium"), 1280, 1000);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void seed() {
        seeder.add(
                // lulesh on two systems: energy in kJ, power in W, run times in minutes
                Seed.complete(lulesh, "sys-a", T0, 100, 200, 50, 10000).withNodes(List.of(6000.0, 4000.0)),
                Seed.complete(lulesh, "sys-a", T0.plusSeconds(3600), 200, 250, 40, 30000),
                Seed.complete(lulesh, "sys-b", T0.plusSeconds(7200), 50, 120, 60, 4000),
                Seed.pending(lulesh, "sys-b", T0.plusSeconds(9000), 10),
                Seed.failed(lulesh, "sys-a", T0.plusSeconds(9500), 10, 9999, 999999),
                // hpl: MJ, kW, hours
                Seed.complete(hpl, "sys-b", T0.plusSeconds(1800), 3600, 1500, 700, 2.5e6),
                Seed.complete(hpl, "sys-b", T0.plusSeconds(10800), 5400, 1450, 650, 4.2e6),
                // no complete run: dashes, no bars
                Seed.pending(idle, "sys-a", T0, 10));
    }

    private void open(String url) {
        chromium.clearProblems();
        chromium.navigate(url);
        chromium.waitUntil(SETTLED, PAGE_TIMEOUT);
    }

    private String state() {
        return chromium.evaluate("document.body.dataset.state").asText();
    }

    private void assertReady() {
        String error = chromium.evaluate("document.getElementById('error').textContent").asText().strip();
        assertThat(state()).as("page state; its error box: '%s'; its console: %s", error, chromium.problems()).isEqualTo("ready");
    }

    private JsonNode inPage(String expression) throws IOException {
        return JSON.readTree(chromium.evaluate("JSON.stringify(" + expression + ")").asText());
    }

    private static String query(String... programs) {
        return List.of(programs).stream().map(p -> "program=" + URLEncoder.encode(p, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    @Test
    void tableShowsExactlyTheApiFiguresChartsAreDrawnAndNothingComplains() throws IOException {
        open(root + "report" + query(lulesh, hpl, idle));

        assertReady();
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("report.html"), chromium.dom());
        chromium.screenshot(OUT.resolve("report.png"));
        chromium.evaluate("document.querySelector('#runs-section details').open = true");
        chromium.screenshotWholePage(OUT.resolve("report-whole-page.png"));

        // the table against the JSON API, cell by cell
        JsonNode api = JSON.readTree(given().accept("application/json").queryParam("program", lulesh, hpl, idle)
                .when().get("/v1/reports").then().statusCode(200).extract().asString());
        JsonNode table = inPage(TABLE);
        assertThat(PageFigures.withNumbers(table)).isEqualTo(PageFigures.table(api));
        // spot checks of the formatting itself, so that a wrong rule on both sides cannot pass
        assertThat(table.get(0).get("rows").get(2).get("energyJoules.mean").get("text").asText()).isEqualTo("14.67 kJ");
        assertThat(table.get(0).get("rows").get(2).get("meanWatts").get("text").asText()).isEqualTo("125.7 W");
        assertThat(table.get(0).get("rows").get(2).get("durationSeconds").get("text").asText()).isEqualTo("5.833 min");
        assertThat(table.get(1).get("rows").get(1).get("energyJoules.total").get("text").asText()).isEqualTo("6.700 MJ");
        assertThat(table.get(1).get("rows").get(1).get("peakWatts").get("text").asText()).isEqualTo("1.500 kW");
        assertThat(table.get(2).get("rows").get(0).get("energyJoules.max").get("text").asText()).isEqualTo("–");

        // the picker lists the programs and ticks the chosen ones
        JsonNode ticked = inPage("[...document.querySelectorAll('#program-list input:checked')].map(b => b.value)");
        assertThat(ticked).extracting(JsonNode::asText).containsExactly(hpl, idle, lulesh);
        JsonNode listed = inPage("[...document.querySelectorAll('#program-list input')].map(b => b.value)");
        assertThat(listed).extracting(JsonNode::asText).contains(lulesh, hpl, idle);

        // every chart drawn, with each series' colour on its canvas
        JsonNode charts = inPage(CHARTS);
        assertThat(charts).extracting(c -> c.get("id").asText())
                .containsExactly("chart-energy-per-run", "chart-energy-total", "chart-power", "chart-runs");
        for (JsonNode chart : charts) {
            String id = chart.get("id").asText();
            assertThat(chart.get("drawn").asText()).as(id).isEqualTo("true");
            assertThat(chart.get("width").asInt()).as(id).isGreaterThan(300);
            assertThat(chart.get("height").asInt()).as(id).isGreaterThan(150);
            assertThat(chart.get("series")).as(id).isNotEmpty();
            for (JsonNode series : chart.get("series")) {
                assertThat(series.get("pixels").asInt()).as("%s: pixels of series '%s' (%s)", id, series.get("label").asText(),
                        series.get("color").asText()).isGreaterThan(40);
            }
        }
        assertThat(charts.get(0).get("series")).extracting(s -> s.get("label").asText()).containsExactly("max", "mean", "min");
        assertThat(charts.get(3).get("series")).as("programs with complete runs").extracting(s -> s.get("label").asText())
                .containsExactly(lulesh, hpl);

        // the runs, newest first, every status
        JsonNode runs = inPage("[...document.querySelectorAll('#runs tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        assertThat(runs).hasSize(8);
        assertThat(runs.get(0)).extracting(JsonNode::asText).containsExactly(hpl, "2026-11-02 11:00:00", "sys-b", "node-0", "1.500 h",
                "4.200 MJ", "1.450 kW", "777.8 W", "complete");
        assertThat(runs.get(1).get(8).asText()).as("status and why").startsWith("failed").contains("gave up");
        assertThat(runs.get(1).get(5).asText()).as("999 999 J rounded").isEqualTo("1.000 MJ");

        assertThat(chromium.problems()).as("console errors, uncaught exceptions, failed loads").isEmpty();
        assertThat(Files.size(OUT.resolve("report.png"))).as("screenshot size").isGreaterThan(30_000);
    }

    /** The summary table as the page shows it: per program, per row, each field's text and exact value. */
    private static final String TABLE = """
            [...document.querySelectorAll('#summary tbody')].map(body => ({
              program: body.querySelector('th[scope=rowgroup]').textContent,
              rows: [...body.rows].map(row => Object.fromEntries([...row.querySelectorAll('[data-field]')]
                .map(cell => [cell.dataset.field, {text: cell.textContent, value: cell.dataset.value ?? null}])))
            }))""";

    /** Each chart: drawn flag, canvas size, and per series (legend) how many canvas pixels have its colour. */
    private static final String CHARTS = """
            [...document.querySelectorAll('figure.chart')].map(figure => {
              const canvas = figure.querySelector('canvas');
              const pixels = canvas ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data : [];
              const series = [...figure.querySelectorAll('.u-legend .u-series')].slice(1).map(row => {
                const [r, g, b] = getComputedStyle(row.querySelector('.u-marker')).borderColor.match(/\\d+/g).map(Number);
                let count = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i + 3] > 0 && Math.abs(pixels[i] - r) < 16 && Math.abs(pixels[i + 1] - g) < 16 && Math.abs(pixels[i + 2] - b) < 16) {
                    count++;
                  }
                }
                return {label: row.querySelector('.u-label').textContent, color: `rgb(${r}, ${g}, ${b})`, pixels: count};
              });
              return {id: figure.id, drawn: figure.dataset.drawn ?? null, width: canvas ? canvas.width : 0,
                      height: canvas ? canvas.height : 0, series};
            })""";

    @Test
    void pendingAndFailedRunsAreCountedBesideTheCompleteOnesAndLeadToTheirReasons() throws IOException {
        open(root + "report" + query(lulesh, hpl, idle));
        assertReady();

        String status = chromium.evaluate("document.getElementById('status').textContent").asText();
        assertThat(status).startsWith("3 programs, 5 complete runs, 2 pending, 1 failed.").contains("No complete run yet: " + idle);
        JsonNode links = inPage("[...document.querySelectorAll('#status a')].map(a => ({text: a.textContent, href: a.getAttribute('href')}))");
        assertThat(links).extracting(l -> l.get("text").asText()).containsExactly("2 pending", "1 failed");
        assertThat(chromium.evaluate("document.querySelector('#runs-section details').open").asBoolean()).isFalse();

        chromium.evaluate("document.querySelector('#status a').click()");

        assertThat(chromium.evaluate("document.querySelector('#runs-section details').open").asBoolean())
                .as("the run list opens").isTrue();
        JsonNode marked = inPage("[...document.querySelectorAll('#runs tbody tr.highlight')].map(r => r.querySelector('td.status').textContent)");
        assertThat(marked).hasSize(2).allSatisfy(cell -> assertThat(cell.asText()).startsWith("pending").contains("Prometheus has no data yet"));
        assertThat(chromium.problems()).isEmpty();
    }

    @Test
    void formattingRuleIsThePagesOwn() throws IOException {
        assertThat(quantity(0, ENERGY)).isEqualTo("0.000 J");
        assertThat(quantity(999.4, ENERGY)).isEqualTo("999.4 J");
        assertThat(quantity(999.96, ENERGY)).isEqualTo("1.000 kJ");
        assertThat(quantity(44000.0 / 3, ENERGY)).isEqualTo("14.67 kJ");
        assertThat(quantity(2.5e9, ENERGY)).isEqualTo("2.500 GJ");
        assertThat(quantity(59.9999, TIME)).isEqualTo("1.000 min");
        assertThat(quantity(0.125, POWER)).isEqualTo("0.125 W");
        assertThat(quantity(1.0005, POWER)).as("1.0005 is 1.000499999… in binary").isEqualTo("1.000 W");

        // the same rule as the page's format.js, on edge cases and on values of every magnitude
        List<Double> values = new ArrayList<>(List.of(0.0, 0.0005, 0.9995, 1.0, 9.9995, 99.995, 999.95, 999.96, 1000.0, 59.9999, 60.0,
                3599.99, 3599.9999, 1.0005, 44000.0 / 3, 40000.0 / 300, 2.5e9, 999_999.0, 1e12));
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            values.add(Math.pow(10, random.nextDouble() * 13 - 3));
        }
        open(root + "report/");
        String list = values.stream().map(v -> Double.toString(v)).collect(Collectors.joining(","));
        JsonNode page = JSON.readTree(chromium.evaluate("import('./format.js').then(f => JSON.stringify([" + list + "].map(v => "
                + "[f.quantity(v, f.ENERGY_UNITS), f.quantity(v, f.POWER_UNITS), f.quantity(v, f.TIME_UNITS)])))").asText());
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            assertThat(page.get(i)).extracting(JsonNode::asText).as("%s", v)
                    .containsExactly(quantity(v, ENERGY), quantity(v, POWER), quantity(v, TIME));
        }
    }

    @Test
    void reportAnswersWithAndWithoutTheSlashAndEveryUrlIsRelative() {
        // /report itself: a redirect to report/ relative to where the client is, keeping the query
        String location = given().redirects().follow(false).when().get("/report?program=a&program=b")
                .then().statusCode(302).extract().header("Location");
        assertThat(location).isEqualTo("report/?program=a&program=b");
        given().redirects().follow(false).when().get("/report").then().statusCode(302).header("Location", "report/");
        String html = given().when().get("/report/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        given().when().get("/report/report.js").then().statusCode(200);
        given().when().get("/report/report.css").then().statusCode(200);

        // every reference is relative (works behind a path prefix) and served by the analyzer itself (no CDN)
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        List<String> urls = new ArrayList<>();
        while (references.find()) {
            urls.add(references.group(1));
        }
        assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).doesNotStartWith("/").doesNotContain("//"));
        for (String url : urls) {
            if (!url.startsWith("data:") && !url.startsWith("../v1/")) { // the page's own files and the charting library
                given().when().get(URI.create("/report/").resolve(url).toString()).then().statusCode(200);
            }
        }
    }

    @Test
    void thePickerChoosesTheProgramsAndTheAddressKeepsThem() throws IOException {
        open(root + "report/");
        assertThat(state()).isEqualTo("idle");
        assertThat(chromium.evaluate("document.getElementById('status').textContent").asText()).contains("Choose one or several programs");

        chromium.evaluate("document.getElementById('filter').value = '" + P + "'; "
                + "document.getElementById('filter').dispatchEvent(new Event('input')); "
                + "for (const name of ['" + hpl + "', '" + lulesh + "']) document.querySelector(`#program-list input[value='${name}']`).click(); "
                + "document.querySelector('#picker button[type=submit]').click()");
        chromium.waitUntil("document.body.dataset.state === 'ready'", PAGE_TIMEOUT);

        assertThat(chromium.evaluate("location.search").asText()).isEqualTo(query(hpl, lulesh));
        assertThat(inPage(TABLE)).extracting(p -> p.get("program").asText()).containsExactly(hpl, lulesh);
        assertThat(inPage("[...document.querySelectorAll('#program-list li:not([hidden]) input')].map(b => b.value)"))
                .as("the filter leaves only this test's programs").extracting(JsonNode::asText).containsExactly(hpl, idle, lulesh);
        assertThat(chromium.problems()).isEmpty();
    }

    @Test
    void worksBehindAPathPrefix() throws Exception {
        try (PathPrefixProxy proxy = new PathPrefixProxy("/tools/energy", root.toURI())) {
            open(proxy.root() + "report" + query(hpl));

            assertReady();
            assertThat(chromium.evaluate("location.pathname").asText()).isEqualTo("/tools/energy/report/");
            assertThat(inPage(TABLE).get(0).get("program").asText()).isEqualTo(hpl);
            assertThat(inPage(CHARTS)).allSatisfy(chart -> assertThat(chart.get("drawn").asText()).isEqualTo("true"));
            assertThat(chromium.problems()).isEmpty();
        }
    }

    @Test
    void unknownProgramsAreNamedAndTheOthersStillShown() throws IOException {
        open(root + "report/" + query(P + "hpll", lulesh));

        assertThat(state()).isEqualTo("ready");
        String error = chromium.evaluate("document.getElementById('error').hidden ? '' : document.getElementById('error').textContent").asText();
        assertThat(error).contains("unknown program " + P + "hpll").contains("did you mean " + hpl);
        assertThat(inPage(TABLE)).extracting(p -> p.get("program").asText()).containsExactly(lulesh);
        assertThat(chromium.problems()).as("only the API's 404 may be logged").allSatisfy(p -> assertThat(p).contains("404"));

        open(root + "report/" + query(P + "nothing"));
        assertThat(state()).isEqualTo("error");
        assertThat(chromium.evaluate("document.getElementById('error').textContent").asText()).contains("unknown program " + P + "nothing");
        assertThat(chromium.evaluate("document.getElementById('summary-section').hidden").asBoolean()).isTrue();
        assertThat(chromium.problems()).allSatisfy(p -> assertThat(p).contains("404"));
    }

    @Test
    void anAnalyzerThatDoesNotAnswerIsSaidInWords() throws Exception {
        try (PathPrefixProxy proxy = new PathPrefixProxy("/energy", root.toURI())) {
            proxy.apiDown(true);
            open(proxy.root() + "report/" + query(hpl));

            assertThat(state()).isEqualTo("error");
            assertThat(chromium.evaluate("document.getElementById('error').textContent").asText())
                    .contains("Could not load the list of programs").contains("the analyzer did not answer");
            assertThat(chromium.problems()).noneMatch(p -> p.startsWith("uncaught") || p.startsWith("console"));
        }
    }
}
