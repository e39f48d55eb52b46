package dev.weft.agent.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.weft.agent.AgentHandler;
import dev.weft.agent.AgentTask;
import dev.weft.agent.TaskException;

/**
 * Capability {@code text}: input {@code {text, op}} with op upper|lower|reverse|words. A bad op or
 * a missing text is the caller's mistake, so it fails with retryable=false.
 */
public final class TextAgent implements AgentHandler {

    public static final String CAPABILITY = "text";

    @Override
    public CompletionStage<Object> handle(AgentTask task) {
        try {
            return CompletableFuture.completedFuture(apply(task.input()));
        } catch (TaskException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Object apply(Object input) {
        if (!(input instanceof Map<?, ?> map) || !(map.get("text") instanceof String text)) {
            throw new TaskException("input must be an object with a string 'text'", false);
        }
        Object op = map.containsKey("op") ? map.get("op") : "upper";
        return switch (String.valueOf(op)) {
            case "upper" -> textOutput(text.toUpperCase());
            case "lower" -> textOutput(text.toLowerCase());
            case "reverse" -> textOutput(new StringBuilder(text).reverse().toString());
            case "words" -> {
                List<String> words = text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
                yield Map.of("words", words, "count", words.size());
            }
            default -> throw new TaskException("unknown op '" + op + "' (expected upper, lower, reverse or words)", false);
        };
    }

    private static Map<String, Object> textOutput(String result) {
        return Map.of("text", result, "length", result.length());
    }
}
