package io.escheduler.exporter.config;

/**
 * A {@code host:port} listen address as the seed wrote it: {@code 0.0.0.0:9863}, {@code :9863}
 * (every interface), {@code [::1]:9863}.
 */
public record ListenAddress(String host, int port) {

    public static ListenAddress parse(String key, String text) {
        String value = text == null ? "" : text.strip();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not host:port (for example 0.0.0.0:9863 or :9863)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(key + ": '" + text + "': write IPv6 hosts in brackets, e.g. [::1]:9863");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' has no port number after the colon");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + ": port " + port + " is outside 0..65535");
        }
        return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}
