package dev.weft.cli.connect;

/** Where the engine's gRPC API listens: {@code host:port}. */
public record EngineAddress(String host, int port) {
    public static final String DEFAULT = "127.0.0.1:9000";

    public static EngineAddress parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("--address: expected host:port, but got '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--address: expected a port number after ':', but got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--address: expected a port from 1 to 65535, but got " + port);
        }
        return new EngineAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
