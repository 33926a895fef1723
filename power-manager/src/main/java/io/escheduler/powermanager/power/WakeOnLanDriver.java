package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Wake-on-LAN: a magic packet over UDP to the group's broadcast address, for the MAC in the Node annotation
 * {@value #MAC_ANNOTATION}. Done once the packet is sent: WoL has no answer, and whether the node came up is the
 * power-on policy's boot timeout to judge. WoL cannot switch a node off; the group's exec power-off command does
 * that when one is configured.
 *
 * @param powerOff the group's exec power-off, if configured
 * @param keys     the group's config prefix, for messages
 */
record WakeOnLanDriver(String broadcastAddress, int port, Optional<ExecDriver> powerOff, String keys) implements PowerDriver {

    static final String MAC_ANNOTATION = "energy.escheduler.io/mac-address";

    @Override
    public String describe(Node node) {
        String mac = mac(node).orElse("(no " + MAC_ANNOTATION + ")");
        return "wake-on-lan " + mac + " via " + broadcastAddress + ":" + port + powerOff.map(exec -> ", off " + exec.describe(node)).orElse("");
    }

    @Override
    public String cannotPowerOffAny() {
        return powerOff.isPresent() ? null : "Wake-on-LAN only switches nodes on, and " + keys + ".exec.power-off-command is not set";
    }

    @Override
    public String cannotPowerOn(Node node) {
        Optional<String> text = mac(node);
        if (text.isEmpty()) {
            return "wake-on-lan needs the Node annotation " + MAC_ANNOTATION + " (the MAC address of the interface that wakes it)";
        }
        try {
            MagicPacket.mac(text.get());
            return null;
        } catch (IllegalArgumentException e) {
            return "annotation " + MAC_ANNOTATION + ": " + e.getMessage();
        }
    }

    @Override
    public void powerOn(Node node) throws PowerDriverException {
        String name = node.getMetadata().getName();
        String driver = describe(node);
        String text = mac(node).orElseThrow(() -> PowerAction.ON.failure(name, driver, "the Node has no annotation " + MAC_ANNOTATION
                + ": annotate it with the MAC address of the interface that wakes it (kubectl annotate node " + name + " "
                + MAC_ANNOTATION + "=aa:bb:cc:dd:ee:ff)"));
        byte[] packet;
        try {
            packet = MagicPacket.of(MagicPacket.mac(text));
        } catch (IllegalArgumentException e) {
            throw PowerAction.ON.failure(name, driver, "annotation " + MAC_ANNOTATION + ": " + e.getMessage());
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getByName(broadcastAddress), port));
        } catch (IOException e) {
            throw PowerAction.ON.failure(name, driver, "could not send the magic packet to " + broadcastAddress + ":" + port + " (" + e
                    + "): check " + keys + ".wake-on-lan.broadcast-address", e);
        }
    }

    @Override
    public void powerOff(Node node) throws PowerDriverException {
        if (powerOff.isPresent()) {
            powerOff.get().powerOff(node);
            return;
        }
        throw PowerAction.OFF.failure(node.getMetadata().getName(), describe(node), "Wake-on-LAN can only switch nodes on: set "
                + keys + ".exec.power-off-command to a command that switches them off (e.g. ssh … systemctl poweroff)");
    }

    private static Optional<String> mac(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(MAC_ANNOTATION)).filter(m -> !m.isBlank());
    }
}
