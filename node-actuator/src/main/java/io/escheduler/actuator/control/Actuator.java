package io.escheduler.actuator.control;

import io.escheduler.actuator.baseline.Baseline;
import io.escheduler.actuator.baseline.Change;
import io.escheduler.actuator.baseline.CpuChange;
import io.escheduler.actuator.baseline.CpuSetting;
import io.escheduler.actuator.baseline.LimitSetting;
import io.escheduler.actuator.baseline.NodeState;
import io.escheduler.actuator.baseline.PackageSetting;
import io.escheduler.actuator.baseline.StateFile;
import io.escheduler.actuator.kube.NodeAnnotator;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.rapl.LimitBounds;
import io.escheduler.hardware.rapl.PackageLimits;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The node's frequency ceilings and power limits, changed only through here: every request is
 * checked against the hardware's ranges before anything is written, writes are serialised and read
 * back, changes that differ from the baseline are recorded with their expiry in the state file, a
 * change with a TTL reverts by itself unless renewed, and the node's annotations follow every
 * change.
 */
public final class Actuator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Actuator.class);
    private static final Duration EXPIRY_RETRY = Duration.ofSeconds(30);
    private static final CpuChange NO_CHANGE = new CpuChange(null, null);

    /** The parts of a CPU's settings, each changed, recorded and reverted on its own. */
    private enum Part {
        CEILING, GOVERNOR
    }

    private static final Set<Part> EVERY_PART = EnumSet.allOf(Part.class);

    private final String node;
    private final CpuFrequencies cpus;
    private final PowerLimits limits;
    private final StateFile stateFile;
    private final StatePublisher publisher;
    private final ActuatorMetrics metrics;
    private final Duration maxTtl;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService timers;
    private NodeState state;
    private Instant changedAt;

    /** What {@code GET /v1/state} shows, read under the write lock. */
    public record View(String node, Map<Integer, CpuSetting> cpus, Map<Integer, Long> currentKhz, Map<String, PackageLimits> packages,
                       NodeState state, Throttle throttle, Instant changedAt) {
    }

    public Actuator(String node, CpuFrequencies cpus, PowerLimits limits, StateFile stateFile, StatePublisher publisher,
                    ActuatorMetrics metrics, Duration maxTtl, Clock clock) {
        this.node = node;
        this.cpus = cpus;
        this.limits = limits;
        this.stateFile = stateFile;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxTtl = maxTtl;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "actuator-ttl");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timers = executor;
    }

    /**
     * Loads the baseline from the state file, or captures it from the hardware the first time;
     * reverts changes whose TTL passed while the agent was down; publishes the node's state.
     */
    public void start() throws IOException {
        withLock(() -> {
            try {
                Map<Integer, CpuSetting> cpuNow = cpus.readAll();
                Map<String, PackageSetting> limitNow = limits.readAll();
                NodeState loaded = stateFile.load().orElse(null);
                if (loaded == null) {
                    state = new NodeState(NodeState.VERSION, node, new Baseline(clock.instant(), cpuNow, limitNow), Map.of(), Map.of());
                    stateFile.saveDurably(state);
                    LOG.infof("baseline captured from the hardware into %s: %d CPUs, %d packages", stateFile.path(), cpuNow.size(), limitNow.size());
                } else {
                    state = complete(loaded, cpuNow, limitNow);
                    LOG.infof("baseline of %s loaded from %s (captured %s); %d CPU and %d package changes in force",
                            state.node(), stateFile.path(), state.baseline().capturedAt(), state.cpuChanges().size(), state.limitChanges().size());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        expire();
        publish();
    }

    /** Adds CPUs or packages the stored baseline does not know (hardware added since) with their settings now. */
    private NodeState complete(NodeState loaded, Map<Integer, CpuSetting> cpuNow, Map<String, PackageSetting> limitNow) throws IOException {
        if (!loaded.node().equals(node)) {
            LOG.warnf("state file %s belongs to node %s, this is %s: its baseline is kept", stateFile.path(), loaded.node(), node);
        }
        Map<Integer, CpuSetting> baseCpus = new TreeMap<>(loaded.baseline().cpus());
        Map<String, PackageSetting> basePackages = new TreeMap<>(loaded.baseline().packages());
        boolean added = false;
        for (Map.Entry<Integer, CpuSetting> cpu : cpuNow.entrySet()) {
            if (baseCpus.putIfAbsent(cpu.getKey(), cpu.getValue()) == null) {
                LOG.warnf("CPU %d is not in the stored baseline: its settings now (%s) become its baseline", cpu.getKey(), cpu.getValue());
                added = true;
            }
        }
        for (Map.Entry<String, PackageSetting> pkg : limitNow.entrySet()) {
            if (basePackages.putIfAbsent(pkg.getKey(), pkg.getValue()) == null) {
                LOG.warnf("package %s is not in the stored baseline: its limits now become its baseline", pkg.getKey());
                added = true;
            }
        }
        NodeState completed = new NodeState(NodeState.VERSION, loaded.node(), new Baseline(loaded.baseline().capturedAt(), baseCpus, basePackages),
                loaded.cpuChanges(), loaded.limitChanges());
        if (added) {
            stateFile.saveDurably(completed);
        }
        return completed;
    }

    public String node() {
        return node;
    }

    public CpuFrequencies cpus() {
        return cpus;
    }

    public PowerLimits limits() {
        return limits;
    }

    public View view() {
        return withLock(() -> {
            try {
                Map<Integer, CpuSetting> cpuNow = cpus.readAll();
                Map<Integer, Long> currentKhz = new TreeMap<>();
                for (Map.Entry<Integer, CpuFreqPolicy> policy : cpus.policies().entrySet()) {
                    currentKhz.put(policy.getKey(), policy.getValue().currentKhz());
                }
                Map<String, PackageLimits> limitNow = new TreeMap<>();
                Map<String, PackageSetting> settings = new TreeMap<>();
                for (String pkg : limits.packages()) {
                    PackageLimits read = limits.readLimits(pkg);
                    limitNow.put(pkg, read);
                    settings.put(pkg, PowerLimits.setting(read));
                }
                return new View(node, cpuNow, currentKhz, limitNow, state, Throttle.of(state.baseline(), cpuNow, settings), changedAt);
            } catch (IOException e) {
                throw new WriteFailedException("reading the node's state failed: " + e.getMessage(), e, List.of());
            }
        });
    }

    /**
     * {@code PUT /v1/cpufreq}: checks, writes with read-back, records. Only the parts the order names
     * change; each keeps its own origin and expiry. Per CPU, the parts applied (read back).
     */
    public Map<Integer, CpuChange> setCpufreq(CpufreqOrder order, String caller) {
        if (!cpus.present()) {
            metrics.refused("cpufreq");
            throw new UnsupportedOnNodeException("this node has no cpufreq (no driver, or a virtual machine): CPU frequency cannot be set");
        }
        return withLock(() -> {
            Map<Integer, CpuSetting> current = new TreeMap<>();
            Map<Integer, CpuSetting> targets = new TreeMap<>();
            try {
                Duration ttl = checkTtl(order.ttl());
                List<Integer> chosen = order.cpus() == null ? new ArrayList<>(cpus.policies().keySet()) : order.cpus();
                for (int cpu : chosen) {
                    CpuFreqPolicy policy = cpus.policy(cpu);
                    if (policy == null) {
                        throw new InvalidRequestException("unknown CPU " + cpu, Map.of("field", "cpus", "cpu", cpu,
                                "allowed", cpus.policies().keySet()));
                    }
                    CpuSetting now = cpus.read(cpu);
                    current.put(cpu, now);
                    targets.put(cpu, new CpuSetting(ceiling(order, policy, now), governor(order, policy, now)));
                }
                cpus.apply(targets, current);
                Instant now = clock.instant();
                Instant expiresAt = ttl == null ? null : now.plus(ttl);
                Map<Integer, CpuChange> result = new TreeMap<>();
                Map<Integer, CpuChange> changes = new TreeMap<>(state.cpuChanges());
                for (Map.Entry<Integer, CpuSetting> target : targets.entrySet()) {
                    int cpu = target.getKey();
                    CpuSetting applied = target.getValue();
                    CpuSetting base = state.baseline().cpus().get(cpu);
                    CpuChange before = changes.getOrDefault(cpu, NO_CHANGE);
                    Change<Long> ceiling = order.ceiling() == null ? null : new Change<>(applied.ceilingKhz(), now, expiresAt, caller);
                    Change<String> governor = order.governor() == null ? null : new Change<>(applied.governor(), now, expiresAt, caller);
                    result.put(cpu, new CpuChange(ceiling, governor));
                    CpuChange after = new CpuChange(
                            ceiling == null ? before.ceilingKhz() : base != null && base.ceilingKhz() == applied.ceilingKhz() ? null : ceiling,
                            governor == null ? before.governor() : base != null && base.governor().equals(applied.governor()) ? null : governor);
                    if (after.isEmpty()) {
                        changes.remove(cpu);
                    } else {
                        changes.put(cpu, after);
                    }
                }
                record(new NodeState(NodeState.VERSION, state.node(), state.baseline(), changes, state.limitChanges()), now, ttl);
                metrics.applied("cpufreq");
                LOG.infof("cpufreq on %d CPUs set to %s by %s%s", targets.size(), describe(order, targets.values().iterator().next()), caller,
                        ttl == null ? "" : " for " + ttl);
                return result;
            } catch (InvalidRequestException | ConflictException e) {
                metrics.refused("cpufreq");
                throw e;
            } catch (WriteFailedException e) {
                metrics.failed("cpufreq");
                throw e;
            } catch (IOException e) {
                metrics.failed("cpufreq");
                throw new WriteFailedException("reading cpufreq failed before anything was written: " + e.getMessage(), e, List.of());
            }
        });
    }

    /** The parts an order names, as set on one CPU: {@code ceiling 400000 kHz, governor powersave}. */
    private static String describe(CpufreqOrder order, CpuSetting applied) {
        List<String> parts = new ArrayList<>();
        if (order.ceiling() != null) {
            parts.add("ceiling " + applied.ceilingKhz() + " kHz");
        }
        if (order.governor() != null) {
            parts.add("governor " + applied.governor());
        }
        return String.join(", ", parts);
    }

    private static long ceiling(CpufreqOrder order, CpuFreqPolicy policy, CpuSetting now) {
        if (order.ceiling() == null) {
            return now.ceilingKhz();
        }
        return switch (order.ceiling()) {
            case MIN -> policy.hardwareMinKhz();
            case MAX -> policy.hardwareMaxKhz();
            case KHZ -> {
                if (order.ceilingKhz() < policy.hardwareMinKhz() || order.ceilingKhz() > policy.hardwareMaxKhz()) {
                    throw new InvalidRequestException(String.format("ceiling %d kHz is outside the hardware range of CPU %d (%d..%d kHz)",
                            order.ceilingKhz(), policy.cpu(), policy.hardwareMinKhz(), policy.hardwareMaxKhz()),
                            Map.of("field", "ceiling", "cpu", policy.cpu(),
                                    "allowed", Map.of("minKhz", policy.hardwareMinKhz(), "maxKhz", policy.hardwareMaxKhz())));
                }
                yield order.ceilingKhz();
            }
        };
    }

    private static String governor(CpufreqOrder order, CpuFreqPolicy policy, CpuSetting now) throws IOException {
        if (order.governor() == null) {
            return now.governor();
        }
        List<String> available = policy.availableGovernors();
        if (!available.isEmpty() && !available.contains(order.governor())) {
            throw new InvalidRequestException("governor '" + order.governor() + "' is not available on CPU " + policy.cpu(),
                    Map.of("field", "governor", "cpu", policy.cpu(), "allowed", available));
        }
        return order.governor();
    }

    private Duration checkTtl(Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0)) {
            throw new InvalidRequestException("ttlSeconds must be between 1 and " + maxTtl.toSeconds()
                    + " (leave it out for a change that lasts until restored)",
                    Map.of("field", "ttlSeconds", "allowed", Map.of("min", 1, "max", maxTtl.toSeconds())));
        }
        return ttl;
    }

    /** {@code PUT /v1/power-limit}: checks, writes with read-back, records. The packages as they are afterwards. */
    public Map<String, Change<PackageSetting>> setPowerLimit(PowerLimitOrder order, String caller) {
        if (!limits.present()) {
            metrics.refused("power-limit");
            limits.control(); // throws with the reason
        }
        return withLock(() -> {
            Map<String, PackageSetting> current = new TreeMap<>();
            Map<String, PackageSetting> targets = new TreeMap<>();
            try {
                Duration ttl = checkTtl(order.ttl());
                List<String> chosen = order.packages() == null ? limits.packages() : order.packages();
                for (String pkg : chosen) {
                    if (!limits.packages().contains(pkg)) {
                        throw new InvalidRequestException("unknown package " + pkg, Map.of("field", "packages", "package", pkg,
                                "allowed", limits.packages()));
                    }
                    PackageLimits now = limits.readLimits(pkg);
                    if (now.locked().orElse(false)) {
                        throw new ConflictException("the power limits of package " + pkg
                                + " are locked (MSR_PKG_POWER_LIMIT bit 63, set by the firmware until reset): they cannot be changed");
                    }
                    current.put(pkg, PowerLimits.setting(now));
                    targets.put(pkg, target(order, pkg, PowerLimits.setting(now), limits.bounds(pkg)));
                }
                limits.apply(targets, current);
                Instant now = clock.instant();
                Map<String, Change<PackageSetting>> result = new TreeMap<>();
                Map<String, Change<PackageSetting>> changes = new TreeMap<>(state.limitChanges());
                for (String pkg : targets.keySet()) {
                    PackageSetting applied = limits.read(pkg);
                    Change<PackageSetting> change = new Change<>(applied, now, ttl == null ? null : now.plus(ttl), caller);
                    result.put(pkg, change);
                    if (applied.equals(state.baseline().packages().get(pkg))) {
                        changes.remove(pkg);
                    } else {
                        changes.put(pkg, change);
                    }
                }
                record(new NodeState(NodeState.VERSION, state.node(), state.baseline(), state.cpuChanges(), changes), now, ttl);
                metrics.applied("power-limit");
                LOG.infof("power limit of packages %s set to %.3f W by %s%s", targets.keySet(), order.watts(), caller,
                        ttl == null ? "" : " for " + ttl);
                return result;
            } catch (InvalidRequestException | ConflictException e) {
                metrics.refused("power-limit");
                throw e;
            } catch (WriteFailedException e) {
                metrics.failed("power-limit");
                throw e;
            } catch (IOException e) {
                metrics.failed("power-limit");
                throw new WriteFailedException("reading the power limits failed before anything was written: " + e.getMessage(), e, List.of());
            }
        });
    }

    private static PackageSetting target(PowerLimitOrder order, String pkg, PackageSetting now, LimitBounds bounds) {
        checkRange("watts", pkg, order.watts(), bounds.minWatts(), bounds.maxLongTermWatts(), "W");
        double window = now.longTerm().windowSeconds();
        if (order.windowSeconds() != null) {
            checkRange("windowSeconds", pkg, order.windowSeconds(), bounds.minWindowSeconds(), bounds.maxWindowSeconds(), "s");
            window = order.windowSeconds();
        }
        // clamp: let the hardware go below the OS-requested P-state, or the cap is not enforced under load
        LimitSetting longTerm = new LimitSetting(order.watts(), window, true, true);
        if (order.shortTermWatts() == null && order.shortTermWindowSeconds() == null) {
            // The short-term limit is not written and keeps its value. Through powercap, where one switch
            // enables both limits of a zone, switching a disabled zone on enforces it again too.
            return new PackageSetting(longTerm, null);
        }
        LimitSetting shortTerm = now.shortTerm();
        if (shortTerm == null) {
            throw new InvalidRequestException("package " + pkg + " has no short-term limit",
                    Map.of("field", "shortTermWatts", "package", pkg));
        }
        double watts = shortTerm.watts();
        if (order.shortTermWatts() != null) {
            checkRange("shortTermWatts", pkg, order.shortTermWatts(), Math.max(bounds.minWatts(), order.watts()),
                    bounds.maxShortTermWatts(), "W");
            watts = order.shortTermWatts();
        }
        double shortWindow = shortTerm.windowSeconds();
        if (order.shortTermWindowSeconds() != null) {
            checkRange("shortTermWindowSeconds", pkg, order.shortTermWindowSeconds(), bounds.minWindowSeconds(),
                    bounds.maxWindowSeconds(), "s");
            shortWindow = order.shortTermWindowSeconds();
        }
        shortTerm = new LimitSetting(watts, shortWindow, true, shortTerm.clamp());
        return new PackageSetting(longTerm, shortTerm);
    }

    private static void checkRange(String field, String pkg, double value, double min, double max, String unit) {
        if (!(value >= min && value <= max)) {
            throw new InvalidRequestException(String.format("%s %s %s is outside what package %s accepts (%s..%s %s)",
                    field, fmt(value), unit, pkg, fmt(min), fmt(max), unit),
                    Map.of("field", field, "package", pkg, "allowed", Map.of("min", min, "max", max)));
        }
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.6f", value).replaceAll("\\.?0+$", "");
    }

    /** {@code DELETE /v1/power-limit}: every package back to its baseline limits. */
    public void restorePowerLimits(String caller) {
        withLock(() -> {
            restoreLimits(null, caller);
            return null;
        });
    }

    /** {@code POST /v1/restore} and shutdown: every CPU and package back to the baseline. */
    public void restoreAll(String caller) {
        withLock(() -> {
            restoreCpus(null, caller);
            restoreLimits(null, caller);
            return null;
        });
    }

    /**
     * Puts back to the baseline the parts in {@code due} (CPU → parts; null: every part of every
     * CPU) that differ from it now, and forgets their changes.
     */
    private void restoreCpus(Map<Integer, Set<Part>> due, String caller) {
        if (!cpus.present()) {
            return;
        }
        try {
            Map<Integer, CpuSetting> current = cpus.readAll();
            Map<Integer, CpuSetting> targets = new TreeMap<>();
            for (Map.Entry<Integer, CpuSetting> base : state.baseline().cpus().entrySet()) {
                int cpu = base.getKey();
                Set<Part> parts = due == null ? EVERY_PART : due.get(cpu);
                CpuSetting now = current.get(cpu);
                if (parts == null || now == null) {
                    continue;
                }
                CpuSetting target = new CpuSetting(parts.contains(Part.CEILING) ? base.getValue().ceilingKhz() : now.ceilingKhz(),
                        parts.contains(Part.GOVERNOR) ? base.getValue().governor() : now.governor());
                if (!target.equals(now)) {
                    targets.put(cpu, target);
                }
            }
            cpus.apply(targets, current);
            Map<Integer, CpuChange> changes = new TreeMap<>();
            state.cpuChanges().forEach((cpu, change) -> {
                Set<Part> parts = due == null ? EVERY_PART : due.getOrDefault(cpu, Set.of());
                CpuChange left = new CpuChange(parts.contains(Part.CEILING) ? null : change.ceilingKhz(),
                        parts.contains(Part.GOVERNOR) ? null : change.governor());
                if (!left.isEmpty()) {
                    changes.put(cpu, left);
                }
            });
            record(new NodeState(NodeState.VERSION, state.node(), state.baseline(), changes, state.limitChanges()), clock.instant(), null);
            if (!targets.isEmpty()) {
                metrics.reverted("cpufreq");
                LOG.infof("cpufreq of %d CPUs restored to the baseline (%s)", targets.size(), caller);
            }
        } catch (IOException e) {
            metrics.failed("cpufreq");
            throw new WriteFailedException("reading cpufreq failed before anything was restored: " + e.getMessage(), e, List.of());
        }
    }

    private void restoreLimits(List<String> only, String caller) {
        if (!limits.present()) {
            return;
        }
        try {
            Map<String, PackageSetting> current = limits.readAll();
            Map<String, PackageSetting> targets = new TreeMap<>();
            for (Map.Entry<String, PackageSetting> base : state.baseline().packages().entrySet()) {
                String pkg = base.getKey();
                if (current.containsKey(pkg) && (only == null || only.contains(pkg)) && !current.get(pkg).equals(base.getValue())) {
                    targets.put(pkg, base.getValue());
                }
            }
            limits.apply(targets, current);
            Map<String, Change<PackageSetting>> changes = new TreeMap<>(state.limitChanges());
            changes.keySet().removeIf(pkg -> only == null || only.contains(pkg));
            record(new NodeState(NodeState.VERSION, state.node(), state.baseline(), state.cpuChanges(), changes), clock.instant(), null);
            if (!targets.isEmpty()) {
                metrics.reverted("power-limit");
                LOG.infof("power limits of packages %s restored to the baseline (%s)", targets.keySet(), caller);
            }
        } catch (IOException e) {
            metrics.failed("power-limit");
            throw new WriteFailedException("reading the power limits failed before anything was restored: " + e.getMessage(), e, List.of());
        }
    }

    /** Reverts every change (and every part of a CPU's change) whose TTL has passed; a failed revert is tried again later. */
    public void expire() {
        try {
            withLock(() -> {
                Instant now = clock.instant();
                Map<Integer, Set<Part>> cpuDue = new TreeMap<>();
                state.cpuChanges().forEach((cpu, change) -> {
                    Set<Part> parts = EnumSet.noneOf(Part.class);
                    if (change.ceilingKhz() != null && change.ceilingKhz().expiredAt(now)) {
                        parts.add(Part.CEILING);
                    }
                    if (change.governor() != null && change.governor().expiredAt(now)) {
                        parts.add(Part.GOVERNOR);
                    }
                    if (!parts.isEmpty()) {
                        cpuDue.put(cpu, parts);
                    }
                });
                List<String> pkgDue = state.limitChanges().entrySet().stream().filter(e -> e.getValue().expiredAt(now)).map(Map.Entry::getKey).toList();
                if (!cpuDue.isEmpty()) {
                    restoreCpus(cpuDue, "ttl expiry");
                }
                if (!pkgDue.isEmpty()) {
                    restoreLimits(pkgDue, "ttl expiry");
                }
                scheduleNextExpiry();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.errorf("reverting expired changes failed, trying again in %s: %s", EXPIRY_RETRY, e.getMessage());
            timers.schedule(this::expire, EXPIRY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleNextExpiry() {
        Instant next = null;
        for (CpuChange change : state.cpuChanges().values()) {
            next = earlier(next, change.ceilingKhz() == null ? null : change.ceilingKhz().expiresAt());
            next = earlier(next, change.governor() == null ? null : change.governor().expiresAt());
        }
        for (Change<?> change : state.limitChanges().values()) {
            next = earlier(next, change.expiresAt());
        }
        if (next != null) {
            long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
            timers.schedule(this::expire, delay, TimeUnit.MILLISECONDS);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** Saves the new state, schedules its next expiry and publishes it. */
    private void record(NodeState next, Instant at, Duration ttl) {
        boolean changed = !next.equals(state);
        state = next;
        try {
            stateFile.save(state);
        } catch (IOException e) {
            LOG.errorf("the state file %s could not be written: the changes in force are not remembered across a restart: %s",
                    stateFile.path(), e.getMessage());
        }
        if (ttl != null) {
            timers.schedule(this::expire, ttl.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (changed || ttl != null) {
            changedAt = at;
        }
        publish();
    }

    private void publish() {
        View view = view();
        metrics.update(view);
        publisher.publish(node, NodeAnnotator.annotations(view.throttle(), view.changedAt()));
    }

    private <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the TTL timers; the hardware stays as it is. */
    @Override
    public void close() {
        timers.shutdownNow();
        cpus.close();
        limits.close();
    }
}
