package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.StepKind;
import dev.weft.definition.ValueSchemas;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in steps: each decides from the execution's state alone, inside the decision that made
 * it ready, so it needs no task, no outbox row and no timer. A failure is deterministic (the same
 * state fails the same way), so it is never retried; the step's on_error decides what follows.
 */
final class BuiltInSteps {

    /** What a built-in step decided. */
    sealed interface Outcome {
        record Completed(Object output) implements Outcome {
        }

        record Failed(ErrorInfo error) implements Outcome {
        }
    }

    private final ExpressionEvaluator expressions;
    private final ValueSchemas schemas = new ValueSchemas();

    BuiltInSteps(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /**
     * The chosen case(s): {@code {case, cases, conditions}} — {@code case} the first chosen,
     * {@code cases} every chosen one, {@code conditions} the value of each condition evaluated
     * (all of them for mode all; up to the first true one for mode first), so the history shows
     * what decided the branch.
     */
    Outcome choose(StepDefinition def, StepKind.Switch choice, ExecutionState state, Scope scope) {
        Map<String, Object> context = ExpressionContext.of(state, scope);
        Map<String, Object> conditions = new LinkedHashMap<>();
        List<Object> chosen = new ArrayList<>();
        for (int i = 0; i < choice.cases().size(); i++) {
            StepKind.Switch.Case c = choice.cases().get(i);
            String where = "steps." + def.id() + ".switch.cases[" + i + "](" + c.name() + ").when";
            boolean holds;
            switch (ConditionOutcome.of(expressions, c.when(), context, where)) {
                case ConditionOutcome.Failed f -> {
                    return new Outcome.Failed(f.error());
                }
                case ConditionOutcome.Holds h -> holds = h.value();
            }
            conditions.put(c.name(), holds);
            if (holds) {
                chosen.add(c.name());
                if (choice.mode() == StepKind.Switch.Mode.FIRST) {
                    break;
                }
            }
        }
        if (chosen.isEmpty()) {
            if (choice.defaultCase() == null) {
                return failed("no_case_matched", "steps." + def.id() + ".switch: expected a true case or a "
                        + "default, but every condition was false " + conditions + " and there is no default");
            }
            chosen.add(choice.defaultCase());
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("case", chosen.getFirst());
        output.put("cases", chosen);
        output.put("conditions", conditions);
        return new Outcome.Completed(output);
    }

    /** The execution fails with the step's error; its message may be a template. */
    Outcome fail(StepDefinition def, StepKind.Fail fail, ExecutionState state, Scope scope) {
        Object message;
        try {
            message = expressions.resolve(fail.message(), ExpressionContext.of(state, scope));
        } catch (ExpressionException e) {
            return failed("expression_error", "steps." + def.id() + ".fail.message: " + e.getMessage());
        }
        return new Outcome.Failed(new ErrorInfo(fail.type(), String.valueOf(message), false));
    }

    Outcome aggregate(StepDefinition def, StepKind.Aggregate aggregate, ExecutionState state, Scope scope) {
        List<Aggregation.Input> inputs = new ArrayList<>();
        for (String dep : def.dependsOn()) {
            StepState s = state.step(scope.instanceOf(dep));
            if (s.status() != StepStatus.COMPLETED) {
                continue; // skipped or failed dependencies contribute nothing
            }
            String name = "steps." + dep + ".output" + (aggregate.field() == null ? "" : "." + aggregate.field());
            Object value = s.output();
            if (aggregate.field() != null) {
                for (String key : aggregate.field().split("\\.")) {
                    if (!(value instanceof Map<?, ?> m) || !m.containsKey(key)) {
                        return failed("aggregate_error", "steps." + def.id() + ".aggregate.field: expected "
                                + name + ", but steps." + dep + ".output has no such field");
                    }
                    value = m.get(key);
                }
            }
            if (value != null) {
                inputs.add(new Aggregation.Input(name, value));
            }
        }
        if (aggregate.strategy() == StepKind.Aggregate.Strategy.EXPRESSION) {
            Map<String, Object> context = new HashMap<>(ExpressionContext.of(state, scope));
            context.put("values", inputs.stream().map(Aggregation.Input::value).toList());
            try {
                return new Outcome.Completed(expressions.evaluate(aggregate.expression(), context));
            } catch (ExpressionException e) {
                return failed("expression_error", "steps." + def.id() + ".aggregate.expression: " + e.getMessage());
            }
        }
        try {
            return new Outcome.Completed(Aggregation.combine(aggregate.strategy(), inputs));
        } catch (Aggregation.WrongType e) {
            return failed("aggregate_error", "steps." + def.id() + ".aggregate: " + e.getMessage());
        }
    }

    Outcome transform(StepDefinition def, StepKind.Transform transform, ExecutionState state, Scope scope) {
        String where = "steps." + def.id() + ".transform." + transform.form().name().toLowerCase(java.util.Locale.ROOT);
        Object value;
        try {
            value = expressions.resolve(transform.value(), ExpressionContext.of(state, scope));
        } catch (ExpressionException e) {
            return failed("expression_error", where + ": " + e.getMessage());
        }
        return switch (transform.form()) {
            case MAPPING -> new Outcome.Completed(value);
            case TO_TABLE -> toTable(where, value, transform.columns());
            case TO_RECORDS -> toRecords(where, value);
        };
    }

    /** Records (a list of objects) as {@code {columns, rows}}; a record without a column has null there. */
    private static Outcome toTable(String where, Object value, List<String> wanted) {
        if (!(value instanceof List<?> records)) {
            return failed("transform_error", where + ": expected a list of records, but got " + Values.describe(value));
        }
        Set<String> columns = new LinkedHashSet<>(wanted);
        for (int i = 0; i < records.size(); i++) {
            if (!(records.get(i) instanceof Map<?, ?> rec)) {
                return failed("transform_error", where + "[" + i + "]: expected a record (an object), but got "
                        + Values.describe(records.get(i)));
            }
            if (wanted.isEmpty()) {
                rec.keySet().forEach(k -> columns.add(String.valueOf(k)));
            }
        }
        List<Object> rows = new ArrayList<>(records.size());
        for (Object r : records) {
            Map<?, ?> rec = (Map<?, ?>) r;
            List<Object> row = new ArrayList<>(columns.size());
            columns.forEach(c -> row.add(rec.get(c)));
            rows.add(row);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("columns", List.copyOf(columns));
        table.put("rows", rows);
        return new Outcome.Completed(table);
    }

    /** A table {@code {columns, rows}} as records; every row must have one cell per column. */
    private static Outcome toRecords(String where, Object value) {
        if (!(value instanceof Map<?, ?> table) || !(table.get("columns") instanceof List<?> columns)
                || !(table.get("rows") instanceof List<?> rows)) {
            return failed("transform_error", where + ": expected a table { columns: [...], rows: [[...]] }, but got "
                    + Values.describe(value));
        }
        for (int c = 0; c < columns.size(); c++) {
            if (!(columns.get(c) instanceof String)) {
                return failed("transform_error", where + ".columns[" + c + "]: expected a string, but got "
                        + Values.describe(columns.get(c)));
            }
        }
        List<Object> records = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof List<?> row) || row.size() != columns.size()) {
                return failed("transform_error", where + ".rows[" + i + "]: expected a list of " + columns.size()
                        + " cells (one per column), but got " + Values.describe(rows.get(i)));
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                rec.put((String) columns.get(c), row.get(c));
            }
            records.add(rec);
        }
        return new Outcome.Completed(records);
    }

    /** The value, when it conforms; otherwise the step fails listing every violation. */
    Outcome validate(StepDefinition def, StepKind.Validate validate, ExecutionState state, Scope scope) {
        String where = "steps." + def.id() + ".validate";
        Object value;
        try {
            value = expressions.resolve(validate.value(), ExpressionContext.of(state, scope));
        } catch (ExpressionException e) {
            return failed("expression_error", where + ".value: " + e.getMessage());
        }
        List<String> violations;
        try {
            violations = schemas.violations(validate.schema(), value, "value");
        } catch (IllegalArgumentException e) {
            return failed("validation_failed", where + ".schema: " + e.getMessage());
        }
        if (violations.isEmpty()) {
            return new Outcome.Completed(value);
        }
        return failed("validation_failed", where + ": " + violations.size() + " violation"
                + (violations.size() == 1 ? "" : "s") + ": " + String.join("; ", violations));
    }

    private static Outcome failed(String type, String message) {
        return new Outcome.Failed(new ErrorInfo(type, message, false));
    }
}
