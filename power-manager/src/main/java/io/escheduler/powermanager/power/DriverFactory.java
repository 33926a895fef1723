package io.escheduler.powermanager.power;

import org.jboss.logging.Logger;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One group's keys → its driver, checking what can be checked before any node is known: required keys, programs
 * that exist, durations, the CA bundle. What depends on the node (a BMC address from its annotation, a MAC
 * address) is checked when it is powered. Problems are added to a list, each with its full key, so that an
 * operator sees them all at once.
 */
final class DriverFactory {

    private static final Logger LOG = Logger.getLogger(DriverFactory.class);

    private final CredentialsSource credentials;
    private final List<String> problems;

    DriverFactory(CredentialsSource credentials, List<String> problems) {
        this.credentials = credentials;
        this.problems = problems;
    }

    /** The driver of {@code keys} (prefix e.g. {@code power-manager.power.groups.gpu}); problems go to the list. */
    PowerDriver build(DriverKeys keys, String prefix) {
        return switch (keys.driver()) {
            case NONE -> new NoDriver(prefix);
            case EXEC -> exec(keys.exec(), prefix, true);
            case REDFISH -> redfish(keys.redfish(), prefix);
            case IPMI -> ipmi(keys.ipmi(), prefix);
            case WAKE_ON_LAN -> wakeOnLan(keys, prefix);
            case FILE -> file(keys.file(), prefix);
        };
    }

    /** @param both power-on and power-off commands are required ({@code driver=exec}); else only those set are checked */
    private ExecDriver exec(DriverKeys.Exec exec, String prefix, boolean both) {
        List<String> on = command(exec.powerOnCommand(), prefix + ".exec.power-on-command", both);
        List<String> off = command(exec.powerOffCommand(), prefix + ".exec.power-off-command", both);
        positive(exec.timeout(), prefix + ".exec.timeout");
        return new ExecDriver(on, off, exec.timeout(), prefix);
    }

    private List<String> command(Optional<List<String>> command, String key, boolean required) {
        List<String> argv = command.orElse(List.of()).stream().filter(a -> !a.isEmpty()).toList();
        if (argv.isEmpty()) {
            if (required) {
                problems.add(key + " is required with driver=exec (program and arguments, comma-separated)");
            }
            return List.of();
        }
        String problem = CommandRunner.notRunnable(argv.get(0));
        if (problem != null) {
            problems.add(key + ": " + problem);
        }
        return argv;
    }

    private RedfishDriver redfish(DriverKeys.Redfish r, String prefix) {
        String keys = prefix + ".redfish";
        String secret = required(r.credentialsSecret(), keys + ".credentials-secret", "redfish (a Secret with username and password)");
        r.urlTemplate().ifPresent(template -> {
            String url = RedfishDriver.baseUrl(template.replace(BmcAddress.NODE, "node"));
            try {
                URI uri = URI.create(url);
                if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                    problems.add(keys + ".url-template: " + template + " is not an http(s) URL with a host");
                } else if (uri.getScheme().equals("http")) {
                    LOG.warnf("%s.url-template is plain http: the BMC password crosses the network in clear", keys);
                }
            } catch (IllegalArgumentException e) {
                problems.add(keys + ".url-template: " + template + " is not a URL (" + e.getMessage() + ")");
            }
        });
        r.systemId().filter(String::isBlank).ifPresent(id -> problems.add(keys + ".system-id is blank"));
        positive(r.powerOnTimeout(), keys + ".power-on-timeout");
        positive(r.softOffTimeout(), keys + ".soft-off-timeout");
        positive(r.forceOffTimeout(), keys + ".force-off-timeout");
        positive(r.pollInterval(), keys + ".poll-interval");
        positive(r.requestTimeout(), keys + ".request-timeout");
        RedfishDriver.Settings settings = new RedfishDriver.Settings(prefix, r.urlTemplate(), r.systemId(), secret, r.credentialsNamespace(),
                r.powerOnTimeout(), r.softOffTimeout(), r.forceOff(), r.forceOffTimeout(), r.pollInterval(), r.requestTimeout());
        return new RedfishDriver(settings, tls(r, keys), credentials);
    }

    private SSLContext tls(DriverKeys.Redfish r, String keys) {
        if (r.insecure() && r.caBundle().isPresent()) {
            problems.add(keys + ".insecure=true and " + keys + ".ca-bundle contradict each other: keep one");
            return BmcTls.system();
        }
        if (r.insecure()) {
            LOG.warnf("%s.insecure=true: BMC certificates and host names are not verified", keys);
            return BmcTls.insecure();
        }
        if (r.caBundle().isPresent()) {
            try {
                return BmcTls.trusting(r.caBundle().get());
            } catch (IllegalArgumentException e) {
                problems.add(keys + ".ca-bundle: " + e.getMessage());
            }
        }
        return BmcTls.system();
    }

    private IpmiDriver ipmi(DriverKeys.Ipmi i, String prefix) {
        String keys = prefix + ".ipmi";
        String secret = required(i.credentialsSecret(), keys + ".credentials-secret", "ipmi (a Secret with username and password)");
        String problem = CommandRunner.notRunnable(i.ipmitool());
        if (problem != null) {
            problems.add(keys + ".ipmitool: " + problem);
        }
        positive(i.powerOnTimeout(), keys + ".power-on-timeout");
        positive(i.softOffTimeout(), keys + ".soft-off-timeout");
        positive(i.forceOffTimeout(), keys + ".force-off-timeout");
        positive(i.pollInterval(), keys + ".poll-interval");
        positive(i.commandTimeout(), keys + ".command-timeout");
        return new IpmiDriver(new IpmiDriver.Settings(prefix, i.hostTemplate(), secret, i.credentialsNamespace(), i.ipmitool(),
                i.interfaceName(), i.powerOnTimeout(), i.softOffTimeout(), i.forceOff(), i.forceOffTimeout(), i.pollInterval(),
                i.commandTimeout()), credentials);
    }

    private WakeOnLanDriver wakeOnLan(DriverKeys keys, String prefix) {
        DriverKeys.WakeOnLan w = keys.wakeOnLan();
        try {
            InetAddress.getByName(w.broadcastAddress());
        } catch (UnknownHostException e) {
            problems.add(prefix + ".wake-on-lan.broadcast-address: " + w.broadcastAddress() + " is not an address");
        }
        if (w.port() < 1 || w.port() > 65535) {
            problems.add(prefix + ".wake-on-lan.port: " + w.port() + " is not a UDP port");
        }
        Optional<ExecDriver> off = keys.exec().powerOffCommand().isPresent() ? Optional.of(exec(keys.exec(), prefix, false)) : Optional.empty();
        return new WakeOnLanDriver(w.broadcastAddress(), w.port(), off, prefix);
    }

    private FileSpoolDriver file(DriverKeys.File f, String prefix) {
        String keys = prefix + ".file";
        Path on = f.powerOnPath().orElse(null);
        Path off = f.powerOffPath().orElse(null);
        if (on == null) {
            problems.add(keys + ".power-on-path is required with driver=file");
        }
        if (off == null) {
            problems.add(keys + ".power-off-path is required with driver=file");
        }
        if (on != null && on.toAbsolutePath().normalize().equals(off == null ? null : off.toAbsolutePath().normalize())) {
            problems.add(keys + ".power-on-path and power-off-path are the same file: give each list its own");
        }
        return new FileSpoolDriver(on, off, prefix);
    }

    private String required(Optional<String> value, String key, String what) {
        if (value.isEmpty() || value.get().isBlank()) {
            problems.add(key + " is required with driver=" + what);
            return "";
        }
        return value.get();
    }

    private void positive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            problems.add(key + " must be positive, not " + duration);
        }
    }
}
