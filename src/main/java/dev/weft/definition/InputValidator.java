package dev.weft.definition;

import java.util.List;
import java.util.Map;

/** TEMPORARY placeholder until the definition branch lands. */
public class InputValidator {
    public List<String> validate(WorkflowDefinition definition, Map<String, Object> input) {
        return List.of();
    }
}
