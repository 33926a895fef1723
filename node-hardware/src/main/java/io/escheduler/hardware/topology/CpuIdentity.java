package io.escheduler.hardware.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Vendor, family and model of the machine's CPUs from the first processor block of
 * {@code <procfs>/cpuinfo} (all packages of a node are the same part).
 */
public record CpuIdentity(CpuVendor vendor, String vendorId, int family, int model, String modelName) {

    public static CpuIdentity read(Path procfsRoot) throws IOException {
        Path cpuinfo = procfsRoot.resolve("cpuinfo");
        return parse(Files.readAllLines(cpuinfo, StandardCharsets.UTF_8), cpuinfo);
    }

    static CpuIdentity parse(List<String> lines, Path source) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break; // end of the first processor block
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        String vendorId = fields.get("vendor_id");
        String family = fields.get("cpu family");
        String model = fields.get("model");
        if (vendorId == null || family == null || model == null) {
            throw new IOException(source + " has no vendor_id / cpu family / model lines (not an x86 machine?)");
        }
        try {
            return new CpuIdentity(CpuVendor.fromVendorId(vendorId), vendorId, Integer.parseInt(family),
                    Integer.parseInt(model), fields.getOrDefault("model name", ""));
        } catch (NumberFormatException e) {
            throw new IOException(source + ": cannot parse cpu family '" + family + "' / model '" + model + "'");
        }
    }

    /** {@code 06_55h}-style text used in logs and in the {@code model} label when a part is not in the table. */
    public String familyModel() {
        return String.format("%02X_%02Xh", family, model);
    }
}
