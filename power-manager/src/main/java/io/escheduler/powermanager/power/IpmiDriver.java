package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IPMI through {@code ipmitool -I lanplus -H <bmc> -U <user> -E chassis power on|soft|off|status}. The password
 * goes in the {@code IPMI_PASSWORD} environment variable ({@code -E}), never on the command line, where every user
 * of the machine could read it. Like the Redfish driver: nothing when already in the target state, soft off first
 * and hard off after the soft-off timeout, {@code chassis power status} polled until the target.
 */
final class IpmiDriver implements PowerDriver {

    private static final Logger LOG = Logger.getLogger(IpmiDriver.class);

    static final String PASSWORD_VARIABLE = "IPMI_PASSWORD";
    private static final int OUTPUT_LINES = 5;

    /**
     * Settings of one group's IPMI driver ({@code <keys>.ipmi.*}).
     *
     * @param keys the group's config prefix, for messages
     */
    record Settings(String keys, Optional<String> hostTemplate, String credentialsSecret, Optional<String> credentialsNamespace,
                    String ipmitool, String interfaceName, Duration powerOnTimeout, Duration softOffTimeout, boolean forceOff,
                    Duration forceOffTimeout, Duration pollInterval, Duration commandTimeout) {
    }

    private final Settings settings;
    private final CredentialsSource credentials;

    IpmiDriver(Settings settings, CredentialsSource credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    @Override
    public String describe(Node node) {
        return "ipmi " + BmcAddress.of(node, settings.hostTemplate()).orElse("(no BMC address)") + " (" + settings.ipmitool()
                + " -I " + settings.interfaceName() + ")";
    }

    @Override
    public String cannotPowerOn(Node node) {
        return BmcAddress.of(node, settings.hostTemplate()).isPresent() ? null : BmcAddress.missing(node.getMetadata().getName(),
                settings.keys() + ".ipmi.host-template");
    }

    @Override
    public String cannotPowerOff(Node node) {
        return cannotPowerOn(node);
    }

    @Override
    public void powerOn(Node node) throws PowerDriverException {
        Call call = new Call(PowerAction.ON, node);
        if (call.isOn()) {
            LOG.debugf("node %s: chassis power already on", call.node);
            return;
        }
        call.chassis("on");
        call.await(true, settings.powerOnTimeout(), "power-on-timeout");
    }

    @Override
    public void powerOff(Node node) throws PowerDriverException {
        Call call = new Call(PowerAction.OFF, node);
        if (!call.isOn()) {
            LOG.debugf("node %s: chassis power already off", call.node);
            return;
        }
        call.chassis("soft");
        if (call.waitFor(false, settings.softOffTimeout())) {
            return;
        }
        if (!settings.forceOff()) {
            throw call.fail("still on " + Durations.text(settings.softOffTimeout()) + " after chassis power soft (" + settings.keys()
                    + ".ipmi.soft-off-timeout) and " + settings.keys() + ".ipmi.force-off=false");
        }
        LOG.warnf("node %s: still on %s after chassis power soft: chassis power off", call.node, Durations.text(settings.softOffTimeout()));
        call.chassis("off");
        call.await(false, settings.forceOffTimeout(), "force-off-timeout");
    }

    /** Reads "Chassis Power is on|off"; null for anything else. */
    static Boolean parseStatus(String stdout) {
        String text = stdout.toLowerCase(Locale.ROOT);
        if (text.contains("chassis power is on")) {
            return true;
        }
        return text.contains("chassis power is off") ? Boolean.FALSE : null;
    }

    /** One power-on or power-off of one node. */
    private final class Call {
        final PowerAction action;
        final String node;
        final String driver;
        final String host;
        final CredentialsSource.Credentials login;

        Call(PowerAction action, Node node) throws PowerDriverException {
            this.action = action;
            this.node = node.getMetadata().getName();
            this.driver = describe(node);
            this.host = BmcAddress.of(node, settings.hostTemplate())
                    .orElseThrow(() -> fail(BmcAddress.missing(this.node, settings.keys() + ".ipmi.host-template")));
            try {
                this.login = credentials.read(settings.credentialsNamespace().orElse(null), settings.credentialsSecret());
            } catch (CredentialsSource.Unavailable e) {
                throw action.failure(this.node, driver, e.getMessage() + " (" + settings.keys() + ".ipmi.credentials-secret)", e);
            }
        }

        PowerDriverException fail(String problem) {
            return action.failure(node, driver, problem);
        }

        /** {@code chassis power <verb>}; its standard output. */
        String chassis(String verb) throws PowerDriverException {
            List<String> argv = List.of(settings.ipmitool(), "-I", settings.interfaceName(), "-H", host, "-U", login.username(), "-E",
                    "chassis", "power", verb);
            CommandRunner.Result result;
            try {
                result = CommandRunner.run(argv, Map.of(PASSWORD_VARIABLE, login.password()), settings.commandTimeout());
            } catch (IOException e) {
                throw action.failure(node, driver, "could not start " + settings.ipmitool() + " (" + e.getMessage() + "): install ipmitool or set "
                        + settings.keys() + ".ipmi.ipmitool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw action.failure(node, driver, "interrupted (power-manager is stopping)", e);
            }
            String command = String.join(" ", argv);
            if (result.timedOut()) {
                throw fail(command + " still ran after " + Durations.text(settings.commandTimeout()) + " (" + settings.keys()
                        + ".ipmi.command-timeout); killed it (" + result.tail(OUTPUT_LINES) + ")");
            }
            if (result.exitCode() != 0) {
                throw fail(command + " exited with " + result.exitCode() + " (" + result.tail(OUTPUT_LINES) + "); check the BMC address and "
                        + "the username and password in Secret " + settings.credentialsSecret() + " (" + settings.keys() + ".ipmi.credentials-secret)");
            }
            return result.stdout();
        }

        boolean isOn() throws PowerDriverException {
            String out = chassis("status");
            Boolean on = parseStatus(out);
            if (on == null) {
                throw fail("chassis power status answered neither on nor off: " + out.strip());
            }
            return on;
        }

        /** Polls the status until it is {@code on}; whether it got there in time. Failed polls are retried until then. */
        boolean waitFor(boolean on, Duration timeout) throws PowerDriverException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(left, settings.pollInterval().toNanos()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw action.failure(node, driver, "interrupted (power-manager is stopping)", e);
                }
                try {
                    if (isOn() == on) {
                        return true;
                    }
                } catch (PowerDriverException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    LOG.debugf("node %s: %s", node, e.getMessage()); // a BMC busy switching may not answer for a while
                }
            }
        }

        void await(boolean on, Duration timeout, String key) throws PowerDriverException {
            if (!waitFor(on, timeout)) {
                throw fail("chassis power not " + (on ? "on" : "off") + " " + Durations.text(timeout) + " after the command ("
                        + settings.keys() + ".ipmi." + key + ")");
            }
        }
    }
}
