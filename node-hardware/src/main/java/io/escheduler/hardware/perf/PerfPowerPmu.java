package io.escheduler.hardware.perf;

import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.rapl.RaplDomain;
import io.escheduler.hardware.sysfs.Sysfs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The perf {@code power} PMU as sysfs describes it, under {@code <sysfs>/bus/event_source/devices/power}:
 * <ul>
 *   <li>{@code type}: the PMU number for {@code perf_event_attr.type};</li>
 *   <li>{@code cpumask}: one CPU per package (per die on multi-die parts) where the events are opened;</li>
 *   <li>{@code events/energy-{cores,pkg,ram,gpu,psys}}: {@code event=0x02} style terms;
 *       {@code .scale}: joules per count; {@code .unit}: {@code Joules}.</li>
 * </ul>
 * Reading it opens no event.
 *
 * @param directory the PMU's sysfs directory
 * @param type      the PMU type
 * @param cpumask   the CPUs to open the events on, ascending
 * @param events    the events the kernel lists, in the order cores, pkg, ram, gpu, psys
 */
public record PerfPowerPmu(Path directory, int type, List<Integer> cpumask, List<PowerEvent> events) {

    private static final Logger LOG = Logger.getLogger(PerfPowerPmu.class);

    /** Event file name → domain, in the order events are reported. */
    static final Map<String, RaplDomain> EVENTS = eventMap();

    public PerfPowerPmu {
        cpumask = List.copyOf(cpumask);
        events = List.copyOf(events);
    }

    private static Map<String, RaplDomain> eventMap() {
        Map<String, RaplDomain> map = new LinkedHashMap<>();
        map.put("energy-cores", RaplDomain.CORE);
        map.put("energy-pkg", RaplDomain.PACKAGE);
        map.put("energy-ram", RaplDomain.DRAM);
        map.put("energy-gpu", RaplDomain.UNCORE);
        map.put("energy-psys", RaplDomain.PSYS);
        return Collections.unmodifiableMap(map);
    }

    /**
     * Reads the PMU's description.
     *
     * @param sysfsRoot where sysfs is mounted ({@code /sys} on a host)
     * @throws SourceUnavailableException when the kernel has no {@code power} PMU
     * @throws IOException                when a file of the PMU is missing or malformed; the message names the file and its content
     */
    public static PerfPowerPmu read(Path sysfsRoot) throws IOException {
        Path dir = sysfsRoot.resolve("bus/event_source/devices/power");
        if (!Files.isDirectory(dir)) {
            throw new SourceUnavailableException(SourceKind.PERF, "no perf power PMU at " + dir
                    + ": the kernel lacks RAPL perf support (Linux \u2265 3.14, CONFIG_PERF_EVENTS_INTEL_RAPL; "
                    + "AMD from Linux 5.8 for family 17h/19h)");
        }
        long type = Sysfs.readLong(dir.resolve("type"));
        if (type < 0 || type > 0xFFFF_FFFFL) {
            throw new IOException(dir.resolve("type") + ": PMU type " + type + " is not an unsigned 32-bit value");
        }
        Path cpumaskFile = dir.resolve("cpumask");
        String cpumaskText = Sysfs.read(cpumaskFile);
        List<Integer> cpumask;
        try {
            cpumask = Sysfs.parseCpuList(cpumaskText);
        } catch (IllegalArgumentException e) {
            throw new IOException(cpumaskFile + ": " + e.getMessage());
        }
        if (cpumask.isEmpty()) {
            throw new IOException(cpumaskFile + " lists no CPU");
        }
        List<PowerEvent> events = new ArrayList<>();
        Path eventsDir = dir.resolve("events");
        for (Map.Entry<String, RaplDomain> entry : EVENTS.entrySet()) {
            Path file = eventsDir.resolve(entry.getKey());
            if (Files.exists(file)) {
                events.add(readEvent(eventsDir, entry.getKey(), entry.getValue()));
            }
        }
        if (events.isEmpty()) {
            throw new SourceUnavailableException(SourceKind.PERF, "the perf power PMU at " + dir
                    + " lists no energy event (events/energy-{cores,pkg,ram,gpu,psys}): this CPU has no RAPL counter the kernel knows");
        }
        return new PerfPowerPmu(dir, (int) type, cpumask, events);
    }

    private static PowerEvent readEvent(Path eventsDir, String name, RaplDomain domain) throws IOException {
        Path file = eventsDir.resolve(name);
        long config = parseConfig(file, Sysfs.read(file));
        Path scaleFile = eventsDir.resolve(name + ".scale");
        double scale = parseScale(scaleFile, Sysfs.read(scaleFile));
        Path unitFile = eventsDir.resolve(name + ".unit");
        String unit = Sysfs.readIfPresent(unitFile).orElse("Joules");
        if (!unit.equals("Joules")) {
            throw new IOException(unitFile + ": unit '" + unit + "', expected 'Joules'");
        }
        return new PowerEvent(name, domain, config, scale);
    }

    /**
     * The config of an event file's terms: the value of its {@code event} term, in hexadecimal
     * ({@code 0x}) or decimal. Other terms (e.g. {@code umask=}) are ignored: the power PMU's
     * format is {@code event} alone, in config bits 7:0.
     *
     * @param file  the file, for the message
     * @param terms its content, e.g. {@code event=0x02} or {@code event=0x2,umask=0x1}
     * @throws IOException when there is no {@code event} term or its value is not a number
     */
    static long parseConfig(Path file, String terms) throws IOException {
        Long event = null;
        for (String term : terms.strip().split(",")) {
            int eq = term.indexOf('=');
            String key = (eq < 0 ? term : term.substring(0, eq)).strip();
            if (!key.equals("event")) {
                if (!key.isEmpty()) {
                    LOG.debugf("%s: term '%s' ignored, only 'event' sets the power PMU's config", file, term.strip());
                }
                continue;
            }
            String value = eq < 0 ? "" : term.substring(eq + 1).strip();
            try {
                event = value.startsWith("0x") || value.startsWith("0X")
                        ? Long.parseUnsignedLong(value.substring(2), 16)
                        : Long.parseUnsignedLong(value);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": event value '" + value + "' is not a number (expected e.g. 'event=0x02'), read '"
                        + terms.strip() + "'");
            }
        }
        if (event == null) {
            throw new IOException(file + ": no 'event=' term (expected e.g. 'event=0x02'), read '" + terms.strip() + "'");
        }
        return event;
    }

    /** A {@code .scale} file: joules per count, a positive finite decimal such as {@code 2.3283064365386962890625e-10}. */
    static double parseScale(Path file, String text) throws IOException {
        double scale;
        try {
            scale = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": expected a decimal scale such as 2.3283064365386962890625e-10, read '" + text.strip() + "'");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IOException(file + ": scale must be positive and finite, read '" + text.strip() + "'");
        }
        return scale;
    }

    /** The event counting {@code domain}, if the PMU has it. */
    public Optional<PowerEvent> event(RaplDomain domain) {
        return events.stream().filter(event -> event.domain() == domain).findFirst();
    }
}
