package io.escheduler.powermanager.kube;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path agrees with the exact BigDecimal reading on every form, and the general forms still work. */
class QuantitiesTest {

    @Test
    void everyFormReadsAsTheExactArithmeticDoes() {
        List<String> forms = new ArrayList<>();
        for (String amount : List.of("0", "1", "7", "250", "500", "999", "1000", "4096", "123456", "999999", "1234567", "0.1", "1.5",
                "2.25", "0.001", "12e3", "1e-3")) {
            for (String suffix : List.of("", "m", "k", "M", "G", "T", "Ki", "Mi", "Gi", "Ti", "P", "Pi")) {
                if (amount.contains("e") && !suffix.isEmpty()) {
                    continue;
                }
                forms.add(amount + suffix);
            }
        }
        for (String form : forms) {
            Quantity quantity = new Quantity(form);
            BigDecimal exact = Quantity.getAmountInBytes(quantity);
            if (exact.multiply(BigDecimal.valueOf(1000)).compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                assertThat(Quantities.millis(quantity)).as("millis of %s", form)
                        .isEqualTo(exact.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact());
            }
            if (exact.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                assertThat(Quantities.value(quantity)).as("value of %s", form)
                        .isEqualTo(exact.setScale(0, RoundingMode.CEILING).longValueExact());
            }
        }
    }

    @Test
    void theUsualFormsOfPodsAndNodes() {
        assertThat(Quantities.millis(new Quantity("500m"))).isEqualTo(500);
        assertThat(Quantities.millis(new Quantity("4"))).isEqualTo(4000);
        assertThat(Quantities.millis(new Quantity("0.1"))).isEqualTo(100);
        assertThat(Quantities.value(new Quantity("256Mi"))).isEqualTo(256L << 20);
        assertThat(Quantities.value(new Quantity("2G"))).isEqualTo(2_000_000_000L);
        assertThat(Quantities.value(new Quantity("1500m"))).isEqualTo(2);
    }
}
