package dev.weft.api.grpc;

import java.util.UUID;

/** Checks of request fields that several services share, with the messages that name the field. */
final class RequestFields {
    private RequestFields() {
    }

    /** What is wrong with a present execution id ({@code execution_id: expected a UUID ...}); null when nothing is. */
    static String executionIdProblem(String id) {
        return isUuid(id) ? null : "execution_id: expected a UUID, but got '" + clip(id) + "'";
    }

    static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Enough of a bad value to recognise it, never a whole megabyte echoed back. */
    static String clip(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
