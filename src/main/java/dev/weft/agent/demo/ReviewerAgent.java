package dev.weft.agent.demo;

import dev.weft.agent.AgentHandler;
import dev.weft.agent.AgentTask;
import dev.weft.agent.TaskException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Capability {@code reviewer}: plays the reviewer of a review loop. Input {@code {drafts: [...],
 * round: n}}; output {@code {approved, score, round, feedback}}. Like a demanding editor it never
 * approves a first round — it asks for sources — and approves a revision when every draft has text,
 * so a loop {@code until: steps.review.output.approved} runs two rounds; a draft without text is
 * never approved.
 */
public final class ReviewerAgent implements AgentHandler {

    public static final String CAPABILITY = "reviewer";

    @Override
    public CompletionStage<Object> handle(AgentTask task) {
        try {
            return CompletableFuture.completedFuture(review(task.input()));
        } catch (TaskException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Map<String, Object> review(Object input) {
        if (!(input instanceof Map<?, ?> map) || !(map.get("drafts") instanceof List<?> drafts)
                || !(map.get("round") instanceof Number round)) {
            throw new TaskException("input must be {drafts: [...], round: n}", false);
        }
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Object text = drafts.get(i) instanceof Map<?, ?> d ? d.get("text") : drafts.get(i);
            if (!(text instanceof String s) || s.isBlank()) {
                empty.add("section " + (i + 1));
            }
        }
        boolean revised = round.longValue() >= 2;
        boolean approved = revised && empty.isEmpty() && !drafts.isEmpty();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approved", approved);
        out.put("score", approved ? 8 : 5);
        out.put("round", round.longValue());
        out.put("feedback", !empty.isEmpty() ? "no text in " + String.join(", ", empty)
                : drafts.isEmpty() ? "nothing to review" : revised ? "ready to publish" : "cite a source in every section");
        return out;
    }
}
