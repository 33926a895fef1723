package io.escheduler.powermanager.power;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The Wake-on-LAN magic packet (AMD's "Magic Packet" white paper): six 0xFF bytes, then the target's MAC address
 * sixteen times, 102 bytes in all. Pure functions.
 */
final class MagicPacket {

    static final int LENGTH = 6 + 16 * 6;

    private static final Pattern SEPARATED = Pattern.compile("\\p{XDigit}{2}([:-])\\p{XDigit}{2}(\\1\\p{XDigit}{2}){4}");
    private static final Pattern BARE = Pattern.compile("\\p{XDigit}{12}");

    private MagicPacket() {
    }

    /**
     * The six bytes of a MAC written {@code aa:bb:cc:dd:ee:ff}, {@code aa-bb-cc-dd-ee-ff} or {@code aabbccddeeff}.
     *
     * @throws IllegalArgumentException any other form
     */
    static byte[] mac(String text) {
        String mac = text.strip();
        if (SEPARATED.matcher(mac).matches()) {
            return HexFormat.of().parseHex(mac.replace(":", "").replace("-", ""));
        }
        if (BARE.matcher(mac).matches()) {
            return HexFormat.of().parseHex(mac);
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a MAC address (write it aa:bb:cc:dd:ee:ff)");
    }

    static byte[] of(byte[] mac) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.length);
        }
        byte[] packet = new byte[LENGTH];
        for (int i = 0; i < 6; i++) {
            packet[i] = (byte) 0xFF;
        }
        for (int copy = 0; copy < 16; copy++) {
            System.arraycopy(mac, 0, packet, 6 + copy * 6, 6);
        }
        return packet;
    }
}
