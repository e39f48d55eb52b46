package dev.weft.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a StartExecution request asked for, as one hash: the workflow, the version asked for (0 =
 * the latest, as asked, not as resolved) and the input as canonical JSON (keys sorted; numbers as
 * the API reads them, so 10 and 10.0 are one input). A request id reused with a different
 * fingerprint is another request, not a retry of the first.
 */
public final class RequestFingerprint {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RequestFingerprint() {
    }

    public static String of(String workflow, int version, Map<String, Object> input) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("workflow", workflow);
        request.put("version", version);
        request.put("input", input);
        try {
            byte[] json = CANONICAL.writeValueAsBytes(request);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a start request", e);
        }
    }
}
