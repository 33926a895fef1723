package io.escheduler.analyzer.placement;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * Writes a double with Jackson's Schubfach writer instead of {@link Double#toString(double)} (which
 * on Java 17 is slow and sometimes not the shortest): the same digits {@link PlacementJson} writes,
 * so that the record serialised by Jackson and the hand-written answer are the same bytes.
 */
final class FastDoubleSerializer extends StdSerializer<Double> {

    FastDoubleSerializer() {
        super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (value.isNaN() || value.isInfinite()) {
            generator.writeNumber(value); // Jackson's own rules for these
        } else {
            generator.writeNumber(NumberOutput.toString(value, true));
        }
    }
}
