package io.escheduler.hardware.energy;

import java.io.Closeable;
import java.util.List;

/** An opened source of RAPL energy counters, with the zones it found on this node. */
public interface RaplSource extends Closeable {

    SourceKind kind();

    /** The counters found, each confirmed by one successful read (non-zero too, for counters that run from boot). Never empty. */
    List<EnergyZone> zones();

    @Override
    void close();
}
