package dev.weft.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who makes a call, as the optional {@code x-weft-caller} header says (an operator's name, a
 * service's): recorded with the operations an operator takes, such as a pause. It is a label for
 * the history, not an identity anyone checked; the tenant stays the only boundary.
 */
@GlobalInterceptor
@ApplicationScoped
public class Callers implements ServerInterceptor {
    static final Metadata.Key<String> HEADER = Metadata.Key.of("x-weft-caller", Metadata.ASCII_STRING_MARSHALLER);
    static final int MAX_LENGTH = 200;
    private static final Context.Key<String> CALLER = Context.key("weft-caller");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]+");

    /** The caller the header named, or empty without one. */
    static Optional<String> current() {
        return Optional.ofNullable(CALLER.get());
    }

    /** Null when the header is fine (or absent); otherwise the error naming the header. */
    static String problem(String caller) {
        return problem("x-weft-caller", caller);
    }

    /** Null when a caller's name is fine; otherwise the error naming {@code field}, which carried it. */
    static String problem(String field, String caller) {
        if (caller.length() > MAX_LENGTH) {
            return field + ": at most " + MAX_LENGTH + " characters, but got " + caller.length();
        }
        if (!PRINTABLE.matcher(caller).matches()) {
            return field + ": expected printable ASCII";
        }
        return null;
    }

    /**
     * Who a request with a {@code requested_by} field says asks: that field, or the header when
     * it is empty; "" when neither says. Throws INVALID_ARGUMENT naming the field at fault, also
     * when both say and disagree, since the audit would then record one of two claims.
     */
    static String requestedBy(String field) {
        String header = current().orElse("");
        String given = field.strip();
        if (given.isEmpty()) {
            String problem = header.isEmpty() ? null : problem(header);
            if (problem != null) {
                throw GrpcErrors.invalid(problem);
            }
            return header;
        }
        String problem = problem("requested_by", given);
        if (problem != null) {
            throw GrpcErrors.invalid(problem);
        }
        if (!header.isEmpty() && !header.equals(given)) {
            throw GrpcErrors.invalid("requested_by: '" + RequestFields.clip(given)
                    + "' differs from the x-weft-caller header '" + RequestFields.clip(header) + "'");
        }
        return given;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String caller = headers.get(HEADER);
        if (caller == null || caller.isBlank()) {
            return next.startCall(call, headers);
        }
        // Checked where it is recorded: a label nobody reads must not fail every other call.
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller.strip()), call, headers, next);
    }
}
