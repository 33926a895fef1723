package io.escheduler.prometheus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prometheus' JSON, as its HTTP API documents and sends it, read into series; its errors sorted into the two kinds. */
class AnswersTest {

    /** As strict as the application's mapper (quarkus.jackson.fail-on-unknown-properties=true). */
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @Test
    void aVectorHasOneSamplePerSeries() throws Exception {
        QueryResponse response = JSON.readValue("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"node":"n1"},"value":[1732520000.123,"110.5"]},
                  {"metric":{"node":"n2"},"value":[1732520000.123,"NaN"]}]},
                 "infos":["a field of later versions"]}""", QueryResponse.class);

        List<Series> series = Series.of(response.data());

        assertThat(response.success()).isTrue();
        assertThat(series).hasSize(2);
        assertThat(series.get(0).label("node")).isEqualTo("n1");
        assertThat(series.get(0).samples()).containsExactly(new Sample(Instant.parse("2024-11-25T07:33:20.123Z"), 110.5));
        assertThat(series.get(1).samples().get(0).value()).isNaN();
    }

    @Test
    void aMatrixKeepsItsSamplesInOrder() throws Exception {
        QueryResponse response = JSON.readValue("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"__name__":"rapl_energy_joules_total","node":"n1","package":"0","domain":"package"},
                   "values":[[1732520000,"100"],[1732520001.5,"+Inf"],[1732520003,"-Inf"]]}]}}""", QueryResponse.class);

        Series series = Series.of(response.data()).get(0);

        assertThat(series.labels()).containsEntry("domain", "package").containsEntry("package", "0");
        assertThat(series.samples()).extracting(Sample::epochSeconds).containsExactly(1732520000.0, 1732520001.5, 1732520003.0);
        assertThat(series.samples()).extracting(Sample::value)
                .containsExactly(100.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void anEmptyResultHasNoSeries() throws Exception {
        QueryResponse response = JSON.readValue("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
                QueryResponse.class);
        assertThat(Series.of(response.data())).isEmpty();
    }

    @Test
    void aScalarIsNotWhatTheAnalyzerAsksFor() throws Exception {
        QueryResponse response = JSON.readValue("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1732520000,\"1\"]}}",
                QueryResponse.class);
        assertThatThrownBy(() -> Series.of(response.data())).isInstanceOf(PrometheusQueryException.class).hasMessageContaining("scalar");
    }

    @ParameterizedTest(name = "HTTP {0}: {2}")
    @CsvSource(delimiter = ';', value = {
            "400; {\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:6: parse error: unexpected end of input\"}; "
                    + "query; bad_data: 1:6: parse error: unexpected end of input",
            "422; {\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"exceeded maximum resolution\"}; "
                    + "query; execution: exceeded maximum resolution",
            "503; {\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query execution\"}; "
                    + "unavailable; timeout: query timed out",
            "502; <html>Bad Gateway</html>; unavailable; <html>Bad Gateway</html>",
            "404; ; unavailable; (empty body)",
    })
    void errorsAreTheQuerysFaultOnlyFor400And422(int status, String body, String kind, String reason) {
        PrometheusException error = PrometheusErrors.fromStatus(status, body);
        assertThat(error).isInstanceOf(kind.equals("query") ? PrometheusQueryException.class : PrometheusUnavailableException.class);
        assertThat(error.getMessage()).contains("HTTP " + status).contains(reason);
    }

    @Test
    void aFailureToConnectSaysWhy() {
        assertThat(PrometheusErrors.rootMessage(new ProcessingException(new UnknownHostException("prometheus"))))
                .isEqualTo("unknown host prometheus");
        assertThat(PrometheusErrors.rootMessage(new ProcessingException(new ConnectException("Connection refused: /127.0.0.1:9090"))))
                .isEqualTo("Connection refused: /127.0.0.1:9090");
    }
}
