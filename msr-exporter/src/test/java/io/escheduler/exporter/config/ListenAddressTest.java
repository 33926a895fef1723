package io.escheduler.exporter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0.0.0.0:9863,   0.0.0.0,   9863",
            "':9100',        0.0.0.0,   9100",   // the seed's Go-style every-interface form
            "127.0.0.1:0,    127.0.0.1, 0",
            "'[::1]:9863',   ::1,       9863",
            "node7.lan:9863, node7.lan, 9863",
    })
    void parses(String text, String host, int port) {
        assertThat(ListenAddress.parse("k", text)).isEqualTo(new ListenAddress(host, port));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "localhost       | is not host:port",
            "host:http       | has no port number",
            "host:70000      | outside 0..65535",
            "::1:9863        | IPv6 hosts in brackets",
            "''              | is not host:port",
    })
    void refusesNamingTheKey(String text, String message) {
        assertThatThrownBy(() -> ListenAddress.parse("msr-exporter.address", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("msr-exporter.address: ")
                .hasMessageContaining(message);
    }
}
