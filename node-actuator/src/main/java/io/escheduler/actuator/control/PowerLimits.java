package io.escheduler.actuator.control;

import io.escheduler.actuator.baseline.LimitSetting;
import io.escheduler.actuator.baseline.PackageSetting;
import io.escheduler.hardware.rapl.LimitBounds;
import io.escheduler.hardware.rapl.LimitLockedException;
import io.escheduler.hardware.rapl.PackageLimits;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.hardware.rapl.PowerLimitControl;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The package power limits of the node (powercap or MSR 0x610), written with read-back and with
 * rollback of the packages a call already changed. Callers serialise.
 */
public final class PowerLimits implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PowerLimits.class);

    private final Optional<PowerLimitControl> control;
    private final String unavailableReason;

    private PowerLimits(Optional<PowerLimitControl> control, String unavailableReason) {
        this.control = control;
        this.unavailableReason = unavailableReason;
    }

    public static PowerLimits of(PowerLimitControl control) {
        return new PowerLimits(Optional.of(control), null);
    }

    public static PowerLimits unavailable(String reason) {
        return new PowerLimits(Optional.empty(), reason);
    }

    public boolean present() {
        return control.isPresent();
    }

    /** {@code powercap}, {@code msr} or {@code none}. */
    public String kind() {
        return control.map(PowerLimitControl::kind).orElse("none");
    }

    /** Why there is no power-limit control on this node (null when there is). */
    public String unavailableReason() {
        return unavailableReason;
    }

    public PowerLimitControl control() {
        return control.orElseThrow(() -> new UnsupportedOnNodeException("RAPL power limits cannot be set on this node: " + unavailableReason));
    }

    public List<String> packages() {
        return control.map(PowerLimitControl::packages).orElse(List.of());
    }

    public PackageLimits readLimits(String pkg) throws IOException {
        return control().read(pkg);
    }

    public LimitBounds bounds(String pkg) {
        return control().bounds(pkg);
    }

    public PackageSetting read(String pkg) throws IOException {
        return setting(control().read(pkg));
    }

    public Map<String, PackageSetting> readAll() throws IOException {
        Map<String, PackageSetting> settings = new TreeMap<>();
        for (String pkg : packages()) {
            settings.put(pkg, read(pkg));
        }
        return settings;
    }

    /**
     * Writes {@code targets} package by package, each read back by the control.
     *
     * @param targets  per package the limits to write; a null short-term limit is left as it is
     * @throws ConflictException       when a package's limits are locked (nothing of this call stays written)
     * @throws InvalidRequestException when the control refuses a package's values before writing them (nothing of this
     *                                 call stays written)
     * @throws WriteFailedException    when a write or read-back fails (the packages written so far were rolled back)
     */
    public void apply(Map<String, PackageSetting> targets, Map<String, PackageSetting> previous) {
        List<String> touched = new ArrayList<>();
        for (Map.Entry<String, PackageSetting> target : targets.entrySet()) {
            touched.add(target.getKey());
            try {
                write(target.getKey(), target.getValue());
            } catch (LimitLockedException e) {
                touched.remove(target.getKey()); // refused before anything was written
                List<String> errors = rollback(touched, previous);
                if (!errors.isEmpty()) {
                    throw new WriteFailedException("package " + target.getKey() + ": " + e.getMessage(), e, errors);
                }
                throw new ConflictException("package " + target.getKey() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                // the control refused the values before writing them
                List<String> errors = rollback(touched, previous);
                if (!errors.isEmpty()) {
                    throw new WriteFailedException("package " + target.getKey() + ": " + e.getMessage(), e, errors);
                }
                throw new InvalidRequestException("package " + target.getKey() + ": " + e.getMessage() + "; nothing was changed",
                        Map.of("package", target.getKey()));
            } catch (IOException | RuntimeException e) {
                throw new WriteFailedException("package " + target.getKey() + ": " + e.getMessage(), e, rollback(touched, previous));
            }
        }
    }

    private void write(String pkg, PackageSetting setting) throws IOException {
        control().write(pkg, limit(setting.longTerm()), Optional.ofNullable(setting.shortTerm()).map(PowerLimits::limit));
    }

    private List<String> rollback(List<String> touched, Map<String, PackageSetting> previous) {
        List<String> errors = new ArrayList<>();
        for (String pkg : touched) {
            try {
                if (read(pkg).equals(previous.get(pkg))) {
                    continue; // the failed write changed nothing here
                }
                write(pkg, previous.get(pkg));
            } catch (IOException | RuntimeException e) {
                errors.add("package " + pkg + ": " + e.getMessage());
                LOG.errorf("package %s power limits could not be put back to %s: %s", pkg, previous.get(pkg), e.getMessage());
            }
        }
        return errors;
    }

    public static PackageSetting setting(PackageLimits limits) {
        return new PackageSetting(setting(limits.longTerm()), limits.shortTerm().map(PowerLimits::setting).orElse(null));
    }

    private static LimitSetting setting(PowerLimit limit) {
        return new LimitSetting(limit.watts(), limit.windowSeconds(), limit.enabled(), limit.clamp());
    }

    private static PowerLimit limit(LimitSetting setting) {
        return new PowerLimit(setting.watts(), setting.enabled(), setting.clamp(), setting.windowSeconds());
    }

    @Override
    public void close() {
        control.ifPresent(PowerLimitControl::close);
    }
}
