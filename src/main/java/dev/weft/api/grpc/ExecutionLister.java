package dev.weft.api.grpc;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.ListExecutionsResponse;
import dev.weft.store.ExecutionQuery;
import dev.weft.store.ExecutionRow;
import dev.weft.store.PgExecutionReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** ListExecutions with keyset paging: the page token encodes the last row's (started_at, id). */
@ApplicationScoped
public class ExecutionLister {

    @Inject
    PgExecutionReader reader;

    Uni<ListExecutionsResponse> list(String tenant, ListExecutionsRequest r) {
        int pageSize = r.getPageSize() == 0 ? 50 : r.getPageSize();
        if (pageSize < 0 || pageSize > 500) {
            throw GrpcErrors.invalid("page_size: expected 0..500, but got " + r.getPageSize());
        }
        if (r.getStatus() == ExecutionStatus.UNRECOGNIZED) {
            throw GrpcErrors.invalid("status: unknown value");
        }
        String status = r.getStatus() == ExecutionStatus.EXECUTION_STATUS_UNSPECIFIED ? null
                : r.getStatus().name().substring("EXECUTION_STATUS_".length());
        Instant afterStartedAt = null;
        String afterId = null;
        if (!r.getPageToken().isEmpty()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(r.getPageToken()), StandardCharsets.UTF_8)
                        .split("\\|", 2);
                afterStartedAt = Instant.parse(parts[0]);
                afterId = parts[1];
            } catch (RuntimeException e) {
                throw GrpcErrors.invalid("page_token: not a token returned by ListExecutions");
            }
        }
        ExecutionQuery q = new ExecutionQuery(tenant, r.getWorkflow().isBlank() ? null : r.getWorkflow(), status,
                r.hasStartedAfter() ? ExecutionViews.instant(r.getStartedAfter()) : null,
                r.hasStartedBefore() ? ExecutionViews.instant(r.getStartedBefore()) : null,
                pageSize + 1, afterStartedAt, afterId, parent(r.getParentExecutionId()),
                r.hasShadow() ? r.getShadow() : null);
        return reader.list(q).map(rows -> {
            ListExecutionsResponse.Builder b = ListExecutionsResponse.newBuilder();
            rows.stream().limit(pageSize).forEach(row -> b.addExecutions(ExecutionViews.summary(row)));
            if (rows.size() > pageSize) {
                ExecutionRow last = rows.get(pageSize - 1);
                b.setNextPageToken(Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (last.startedAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8)));
            }
            return b.build();
        });
    }

    /** The parent_execution_id filter: empty for none, else a UUID. */
    private static String parent(String id) {
        if (id.isEmpty()) {
            return null;
        }
        if (!RequestFields.isUuid(id)) {
            throw GrpcErrors.invalid("parent_execution_id: expected a UUID, but got '" + RequestFields.clip(id) + "'");
        }
        return id;
    }
}
