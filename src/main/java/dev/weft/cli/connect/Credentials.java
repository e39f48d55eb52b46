package dev.weft.cli.connect;

import io.grpc.Metadata;

/**
 * What every call says about who makes it: a bearer token (for when the engine authenticates), the
 * tenant ({@code x-weft-tenant}, which scopes every read and write today) and the caller's name
 * ({@code x-weft-caller}, recorded with approvals and pauses). Empty values send no header.
 */
public record Credentials(String token, String tenant, String caller) {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-weft-tenant", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> CALLER = Metadata.Key.of("x-weft-caller", Metadata.ASCII_STRING_MARSHALLER);

    public Metadata headers() {
        Metadata m = new Metadata();
        if (!isBlank(token)) {
            m.put(AUTHORIZATION, "Bearer " + token.trim());
        }
        if (!isBlank(tenant)) {
            m.put(TENANT, tenant.trim());
        }
        if (!isBlank(caller)) {
            m.put(CALLER, caller.trim());
        }
        return m;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
