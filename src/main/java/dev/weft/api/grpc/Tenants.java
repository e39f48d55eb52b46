package dev.weft.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;

/**
 * The tenant of a call comes from the {@code x-weft-tenant} header ("default" without one).
 * Every read and write is scoped to it.
 */
@GlobalInterceptor
@ApplicationScoped
public class Tenants implements ServerInterceptor {
    public static final String DEFAULT = "default";
    static final Metadata.Key<String> HEADER = Metadata.Key.of("x-weft-tenant", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> TENANT = Context.key("weft-tenant");
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public static String current() {
        String tenant = TENANT.get();
        return tenant == null ? DEFAULT : tenant;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String tenant = headers.get(HEADER);
        if (tenant == null || tenant.isBlank()) {
            tenant = DEFAULT;
        } else if (!VALID.matcher(tenant).matches()) {
            call.close(Status.INVALID_ARGUMENT.withDescription(
                    "x-weft-tenant: expected [a-z0-9][a-z0-9_-]{0,62}, but got '" + tenant + "'"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
    }
}
