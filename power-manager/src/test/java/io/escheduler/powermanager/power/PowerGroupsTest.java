package io.escheduler.powermanager.power;

import io.escheduler.policies.plan.ActionKind;
import io.fabric8.kubernetes.api.model.Node;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@code power-manager.power.*} read by SmallRye as the service reads it: which group powers which node,
 * and the startup checks, each naming its key.
 */
class PowerGroupsTest {

    private static final CredentialsSource NO_CREDENTIALS = (namespace, name) -> {
        throw new CredentialsSource.Unavailable("not in this test");
    };

    @TempDir
    Path dir;

    static PowerConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PowerConfig.class, PowerGroups.PREFIX)
                .withConverter(Duration.class, 100, new DurationConverter()).withConverter(Path.class, 100, new PathConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(PowerConfig.class, PowerGroups.PREFIX);
    }

    private static PowerGroups groups(Map<String, String> properties) {
        return PowerGroups.from(config(properties), NO_CREDENTIALS);
    }

    private Map<String, String> threeGroups() {
        Map<String, String> p = new HashMap<>();
        p.put("power-manager.power.driver", "file");
        p.put("power-manager.power.file.power-on-path", dir.resolve("on.json").toString());
        p.put("power-manager.power.file.power-off-path", dir.resolve("off.json").toString());
        // b-rack-a and a-gpu both claim a GPU node of rack a: a-gpu comes first by name
        p.put("power-manager.power.groups.b-rack-a.node-selector", "rack=a");
        p.put("power-manager.power.groups.b-rack-a.driver", "redfish");
        p.put("power-manager.power.groups.b-rack-a.redfish.url-template", "https://{node}-bmc.example");
        p.put("power-manager.power.groups.b-rack-a.redfish.credentials-secret", "bmc-login");
        p.put("power-manager.power.groups.a-gpu.node-selector", "accelerator in (a100,h100)");
        p.put("power-manager.power.groups.a-gpu.driver", "exec");
        p.put("power-manager.power.groups.a-gpu.exec.power-on-command", "/bin/true,--resume");
        p.put("power-manager.power.groups.a-gpu.exec.power-off-command", "/bin/true,--suspend");
        p.put("power-manager.power.groups.\"old.boxes\".nodes", "n7,n8");
        p.put("power-manager.power.groups.\"old.boxes\".driver", "wake-on-lan");
        return p;
    }

    private static PowerGroups.Group groupOf(PowerGroups groups, Node node) {
        return groups.forNode(node);
    }

    @Test
    void theFirstGroupByNameThatClaimsANodeWinsAndTheRestUseTheDefault() {
        PowerGroups groups = groups(threeGroups());
        Node gpuInRackA = Nodes.node("g1", Map.of("rack", "a", "accelerator", "h100"), Map.of());
        Node rackA = Nodes.node("r1", Map.of("rack", "a"), Map.of());
        Node listed = Nodes.node("n7", Map.of("rack", "b"), Map.of());
        Node other = Nodes.node("x1", Map.of("rack", "b"), Map.of());
        assertThat(groupOf(groups, gpuInRackA).name()).isEqualTo("a-gpu");
        assertThat(groupOf(groups, rackA).name()).isEqualTo("b-rack-a");
        assertThat(groupOf(groups, listed).name()).isEqualTo("old.boxes");
        assertThat(groupOf(groups, other).named()).isFalse();

        PowerDrivers drivers = new PowerDrivers(groups);
        assertThat(drivers.describe(gpuInRackA)).isEqualTo("exec on: /bin/true --resume g1; off: /bin/true --suspend g1 (group a-gpu)");
        assertThat(drivers.describe(rackA)).isEqualTo("redfish https://r1-bmc.example/redfish/v1/Systems (its only member) (group b-rack-a)");
        assertThat(drivers.describe(listed)).isEqualTo("wake-on-lan (no energy.escheduler.io/mac-address) via 255.255.255.255:9 (group old.boxes)");
        assertThat(drivers.describe(other)).isEqualTo("file " + dir.resolve("on.json") + " / " + dir.resolve("off.json"));
    }

    @Test
    void aGroupsUnsetKeysTakeTheirDefaultsNotTheTopLevelValues() {
        Map<String, String> p = threeGroups();
        p.put("power-manager.power.redfish.power-on-timeout", "5m");
        PowerConfig config = config(p);
        assertThat(config.redfish().powerOnTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.groups().get("b-rack-a").redfish().powerOnTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.groups().get("b-rack-a").redfish().softOffTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aCommaInsideAnArgumentIsEscaped() {
        PowerConfig config = config(Map.of("power-manager.power.exec.power-on-command", "/usr/bin/ssh,-o,SendEnv=A\\,B,{node}"));
        assertThat(config.exec().powerOnCommand()).hasValue(java.util.List.of("/usr/bin/ssh", "-o", "SendEnv=A,B", "{node}"));
    }

    @Test
    void byDefaultEveryNodeHasNoDriverAndPowerActionsSayWhatToSet() {
        PowerDrivers drivers = new PowerDrivers(groups(Map.of()));
        Node node = Nodes.node("n1");
        assertThat(drivers.describe(node)).isEqualTo("none");
        assertThatThrownBy(() -> drivers.powerOn(node)).isInstanceOf(PowerDriverException.class)
                .hasMessage("cannot power on node n1: no power driver is configured for it (power-manager.power.driver=none); set "
                        + "power-manager.power.driver, or a group that claims it: power-manager.power.groups.<group>.driver "
                        + "with power-manager.power.groups.<group>.nodes=n1 or .node-selector (docs/power-manager.md, \"Power drivers\")");
        assertThatThrownBy(() -> drivers.powerOff(node)).isInstanceOf(PowerDriverException.class).hasMessageStartingWith("cannot power off node n1: ");
    }

    @Test
    void whatNoDriverCanDoOnANodeIsKnownWithoutAskingAnything() {
        PowerDrivers drivers = new PowerDrivers(groups(threeGroups()));
        String wolOff = "Wake-on-LAN only switches nodes on, and power-manager.power.groups.\"old.boxes\".exec.power-off-command "
                + "is not set (group old.boxes)";
        assertThat(drivers.blocked(Nodes.node("n7"))).containsOnly(
                entry(ActionKind.POWER_ON, "wake-on-lan needs the Node annotation energy.escheduler.io/mac-address (the MAC address of the "
                        + "interface that wakes it) (group old.boxes)"),
                entry(ActionKind.POWER_OFF, wolOff));
        assertThat(drivers.blocked(Nodes.annotated("n8", "energy.escheduler.io/mac-address", "3c:ec:ef:12:34:56")))
                .containsOnly(entry(ActionKind.POWER_OFF, wolOff));
        assertThat(drivers.blocked(Nodes.annotated("n8", "energy.escheduler.io/mac-address", "3c:ec:ef")))
                .containsKey(ActionKind.POWER_ON);
        assertThat(drivers.blocked(Nodes.node("g1", Map.of("accelerator", "h100"), Map.of()))).isEmpty();
        assertThat(drivers.blocked(Nodes.node("r1", Map.of("rack", "a"), Map.of()))).isEmpty();
        assertThat(drivers.blocked(Nodes.node("x1"))).isEmpty();
        assertThat(drivers.uncovered(ActionKind.POWER_OFF)).isEqualTo("the nodes of group old.boxes: Wake-on-LAN only switches nodes on, "
                + "and power-manager.power.groups.\"old.boxes\".exec.power-off-command is not set");
        assertThat(drivers.uncovered(ActionKind.POWER_ON)).isNull();
    }

    @Test
    void withoutADriverNoNodeCanBeSwitchedAndABmcGroupNeedsAnAddressPerNode() {
        PowerDrivers none = new PowerDrivers(groups(Map.of()));
        String unconfigured = "no power driver configured (power-manager.power.driver=none): set "
                + "power-manager.power.driver, or a group that claims the node (docs/power-manager.md, \"Power drivers\")";
        assertThat(none.blocked(Nodes.node("n1"))).containsOnly(entry(ActionKind.POWER_ON, unconfigured),
                entry(ActionKind.POWER_OFF, unconfigured));
        assertThat(none.uncovered(ActionKind.POWER_OFF)).isEqualTo("any node, the nodes no group claims: " + unconfigured);

        Map<String, String> p = threeGroups();
        p.remove("power-manager.power.groups.b-rack-a.redfish.url-template");
        p.put("power-manager.power.groups.\"old.boxes\".driver", "none");
        PowerDrivers drivers = new PowerDrivers(groups(p));
        assertThat(drivers.blocked(Nodes.node("r1", Map.of("rack", "a"), Map.of()))).containsEntry(ActionKind.POWER_OFF,
                "no BMC address for node r1: annotate the Node energy.escheduler.io/bmc-address=<address> or set "
                        + "power-manager.power.groups.b-rack-a.redfish.url-template (group b-rack-a)");
        assertThat(drivers.blocked(Nodes.node("r2", Map.of("rack", "a"), Map.of("energy.escheduler.io/bmc-address", "10.0.3.2")))).isEmpty();
        assertThat(drivers.uncovered(ActionKind.POWER_ON)).as("a group of driver none").isEqualTo("the nodes of group old.boxes: no power "
                + "driver configured (power-manager.power.groups.\"old.boxes\".driver=none): set "
                + "power-manager.power.groups.\"old.boxes\".driver (docs/power-manager.md, \"Power drivers\")");
    }

    @Test
    void everyProblemIsReportedAtStartupWithItsKey() {
        Map<String, String> p = new HashMap<>();
        p.put("power-manager.power.driver", "exec");
        p.put("power-manager.power.exec.power-on-command", dir.resolve("missing-resume").toString());
        p.put("power-manager.power.groups.bmc.node-selector", "rack=a");
        p.put("power-manager.power.groups.bmc.nodes", "n1");
        p.put("power-manager.power.groups.bmc.driver", "redfish");
        p.put("power-manager.power.groups.bmc.redfish.insecure", "true");
        p.put("power-manager.power.groups.bmc.redfish.ca-bundle", "/etc/ssl/bmc.pem");
        p.put("power-manager.power.groups.bmc.redfish.poll-interval", "0s");
        p.put("power-manager.power.groups.old.node-selector", "rack=b,tier>3");
        p.put("power-manager.power.groups.old.driver", "ipmi");
        p.put("power-manager.power.groups.old.ipmi.ipmitool", "no-such-ipmitool");
        p.put("power-manager.power.groups.spool.nodes", "n9");
        p.put("power-manager.power.groups.spool.driver", "file");
        p.put("power-manager.power.groups.spool.file.power-on-path", "/var/spool/power.json");
        p.put("power-manager.power.groups.spool.file.power-off-path", "/var/spool/power.json");
        p.put("power-manager.power.groups.wol.nodes", "n10");
        p.put("power-manager.power.groups.wol.driver", "wake-on-lan");
        p.put("power-manager.power.groups.wol.wake-on-lan.port", "70000");
        assertThatThrownBy(() -> groups(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("power drivers: ")
                .hasMessageContaining("power-manager.power.exec.power-on-command: " + dir.resolve("missing-resume") + " does not exist")
                .hasMessageContaining("power-manager.power.exec.power-off-command is required with driver=exec")
                .hasMessageContaining("power-manager.power.groups.bmc: set either .nodes or .node-selector (exactly one)")
                .hasMessageContaining("power-manager.power.groups.bmc.redfish.credentials-secret is required with driver=redfish")
                .hasMessageContaining("power-manager.power.groups.bmc.redfish.insecure=true and power-manager.power.groups.bmc.redfish.ca-bundle contradict")
                .hasMessageContaining("power-manager.power.groups.bmc.redfish.poll-interval must be positive")
                .hasMessageContaining("power-manager.power.groups.old.node-selector: \"tier>3\" is not a label requirement")
                .hasMessageContaining("power-manager.power.groups.old.ipmi.credentials-secret is required with driver=ipmi")
                .hasMessageContaining("power-manager.power.groups.old.ipmi.ipmitool: no-such-ipmitool is not on the PATH")
                .hasMessageContaining("power-manager.power.groups.spool.file.power-on-path and power-off-path are the same file")
                .hasMessageContaining("power-manager.power.groups.wol.wake-on-lan.port: 70000 is not a UDP port");
    }

    @Test
    void anUnknownDriverIsRefusedByTheMappingWithItsKey() {
        assertThatThrownBy(() -> config(Map.of("power-manager.power.groups.x.driver", "smoke-signals")))
                .hasMessageContaining("power-manager.power.groups.x.driver").hasMessageContaining("smoke-signals");
    }
}
