package io.escheduler.actuator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.escheduler.actuator.control.CpufreqOrder;
import io.escheduler.hardware.sysfs.Sysfs;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PUT /v1/cpufreq}:
 * {@code {"ceiling": 2200000 | "min" | "max", "governor": "powersave", "cpus": [0, 1] | "0-15", "ttlSeconds": 300}};
 * at least one of {@code ceiling} and {@code governor}.
 */
@RegisterForReflection
public record CpufreqRequest(JsonNode ceiling, String governor, JsonNode cpus, Long ttlSeconds) {

    /** The request's shape checked (400 when wrong); ranges are checked against the hardware later (422). */
    public CpufreqOrder toOrder() {
        if ((ceiling == null || ceiling.isNull()) && governor == null) {
            throw new BadRequestException("nothing to change: give ceiling (kHz, \"min\" or \"max\") and/or governor");
        }
        CpufreqOrder.Ceiling kind = null;
        long khz = 0;
        if (ceiling != null && !ceiling.isNull()) {
            if (ceiling.isIntegralNumber()) {
                kind = CpufreqOrder.Ceiling.KHZ;
                khz = ceiling.asLong();
            } else if (ceiling.isTextual() && (ceiling.asText().equals("min") || ceiling.asText().equals("max"))) {
                kind = ceiling.asText().equals("min") ? CpufreqOrder.Ceiling.MIN : CpufreqOrder.Ceiling.MAX;
            } else {
                throw new BadRequestException("ceiling must be a whole number of kHz, \"min\" or \"max\"; got " + ceiling);
            }
        }
        if (governor != null && governor.isBlank()) {
            throw new BadRequestException("governor must not be empty");
        }
        return new CpufreqOrder(kind, khz, governor, cpuList(), ttl(ttlSeconds));
    }

    private List<Integer> cpuList() {
        if (cpus == null || cpus.isNull()) {
            return null;
        }
        try {
            if (cpus.isTextual()) {
                return Sysfs.parseCpuList(cpus.asText());
            }
            if (cpus.isArray()) {
                List<Integer> list = new ArrayList<>();
                for (JsonNode cpu : cpus) {
                    if (!cpu.isIntegralNumber()) {
                        throw new BadRequestException("cpus must hold CPU numbers; got " + cpu);
                    }
                    list.add(cpu.asInt());
                }
                if (list.isEmpty()) {
                    throw new BadRequestException("cpus is empty: leave it out for every CPU");
                }
                return list;
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("cpus: " + e.getMessage());
        }
        throw new BadRequestException("cpus must be a list of CPU numbers or a CPU list such as \"0-3,8\"; got " + cpus);
    }

    static Duration ttl(Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
