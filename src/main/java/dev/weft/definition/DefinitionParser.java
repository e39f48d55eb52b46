package dev.weft.definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** TEMPORARY placeholder until the definition branch lands. */
public class DefinitionParser {
    @SuppressWarnings("unchecked")
    public WorkflowDefinition parse(String text) {
        try {
            Map<String, Object> m = new ObjectMapper(new YAMLFactory()).readValue(text, Map.class);
            List<StepDefinition> steps = new ArrayList<>();
            for (Map<String, Object> s : (List<Map<String, Object>>) m.get("steps")) {
                steps.add(new StepDefinition((String) s.get("id"), (String) s.get("agent"), s.get("input"),
                        (List<String>) s.getOrDefault("depends_on", List.of()), Duration.ofSeconds(5),
                        new RetryPolicy(3, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofMillis(100), Duration.ofSeconds(1), 2),
                        OnError.FAIL));
            }
            return new WorkflowDefinition((String) m.get("name"), 0, (String) m.get("description"), null, steps,
                    m.get("output"), WorkflowDefinition.ExecutionLimits.DEFAULTS);
        } catch (Exception e) {
            throw new DefinitionException(List.of(new DefinitionError("", 0, e.getMessage())));
        }
    }
}
