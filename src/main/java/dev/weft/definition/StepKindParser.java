package dev.weft.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads what a step is: exactly one of {@code agent} (a capability), a child {@code workflow} or a built-in kind
 * ({@code switch}, {@code fail}, {@code aggregate}, {@code transform}, {@code validate}, {@code sleep}) with
 * its fields. Cross-step rules (what expressions may read, case names) are the validator's.
 */
final class StepKindParser {
    /** Case names are read in guards as {@code steps.route.output.case == 'deep'}. */
    static final Pattern CASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,15}");
    /** Column names are JSON keys: any non-empty text of at most 200 characters. */
    static final Pattern COLUMN = Pattern.compile("(?s).{1,200}");
    static final int MAX_CASES = 100;
    static final List<String> SWITCH_FIELDS = List.of("cases", "default", "mode");
    static final List<String> CASE_FIELDS = List.of("name", "when");
    static final List<String> FAIL_FIELDS = List.of("type", "message");
    static final List<String> AGGREGATE_FIELDS = List.of("strategy", "field", "expression");
    static final List<String> TRANSFORM_FIELDS = List.of("mapping", "to_table", "to_records", "columns");
    static final List<String> VALIDATE_FIELDS = List.of("value", "schema");
    static final List<String> SLEEP_FIELDS = List.of("duration", "until");
    static final List<String> WORKFLOW_FIELDS = List.of("name", "version", "max_depth");
    /** A sleep longer than the longest workflow timeout could never end in time. */
    static final java.time.Duration MAX_SLEEP = DefinitionParser.MAX_WORKFLOW_TIMEOUT;

    private final Problems problems;
    private final DefinitionParser.Rules rules;
    private final ScopedKindParser scoped;
    private final WaitKindParser waits;

    StepKindParser(Problems problems, DefinitionParser.Rules rules, int nesting) {
        this.problems = problems;
        this.rules = rules;
        this.scoped = new ScopedKindParser(problems, rules, nesting, this::capability);
        this.waits = new WaitKindParser(problems);
    }

    /** The step's kind, or null with the problem recorded. */
    StepKind parse(FieldReader f, String path) {
        List<String> present = StepKind.KEYWORDS.stream().filter(f::has).toList();
        if (present.isEmpty()) {
            problems.add(path, "missing required field 'agent' (or another kind: "
                    + String.join(", ", StepKind.KEYWORDS.subList(1, StepKind.KEYWORDS.size())) + ")");
            return null;
        }
        if (present.size() > 1) {
            problems.add(f.pathOf(present.get(1)), "conflicting kinds: a step is exactly one of "
                    + String.join(", ", StepKind.KEYWORDS) + ", but this one is " + String.join(" and ", present));
            return null;
        }
        return switch (present.getFirst()) {
            case "agent" -> agent(f);
            case "switch" -> choice(section(f, "switch", SWITCH_FIELDS));
            case "fail" -> fail(section(f, "fail", FAIL_FIELDS));
            case "aggregate" -> aggregate(section(f, "aggregate", AGGREGATE_FIELDS));
            case "transform" -> transform(section(f, "transform", TRANSFORM_FIELDS));
            case "validate" -> validate(section(f, "validate", VALIDATE_FIELDS));
            case "sleep" -> sleep(section(f, "sleep", SLEEP_FIELDS));
            case "foreach" -> scoped.foreach(section(f, "foreach", ScopedKindParser.FOREACH_FIELDS));
            case "loop" -> scoped.loop(section(f, "loop", ScopedKindParser.LOOP_FIELDS));
            case "wait" -> waits.waitFor(section(f, "wait", WaitKindParser.WAIT_FIELDS));
            case "approval" -> waits.approval(section(f, "approval", WaitKindParser.APPROVAL_FIELDS));
            case "workflow" -> child(f);
            case "dynamic" -> scoped.dynamic(section(f, "dynamic", ScopedKindParser.DYNAMIC_FIELDS));
            default -> throw new IllegalStateException("Expected a kind keyword, but got " + present.getFirst());
        };
    }

    private StepKind agent(FieldReader f) {
        String capability = capability(f);
        return capability == null ? null : new StepKind.Agent(capability);
    }

    /** The kind's object, its unknown fields reported; null when it is not an object. */
    private FieldReader section(FieldReader step, String key, List<String> fields) {
        Map<String, Object> raw = step.object(key);
        if (raw == null) return null;
        FieldReader f = new FieldReader(raw, step.pathOf(key), problems);
        f.rejectUnknown(fields);
        return f;
    }

    @SuppressWarnings("unchecked")
    private StepKind choice(FieldReader f) {
        if (f == null) return null;
        StepKind.Switch.Mode mode = f.enumValue("mode", StepKind.Switch.Mode.class, StepKind.Switch.Mode.FIRST);
        String defaultCase = f.string("default", false, CASE_NAME, "[A-Za-z_][A-Za-z0-9_]{0,63} (a case name)");
        Object raw = f.raw("cases");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(raw == null ? f.pathOf("") : f.pathOf("cases"), raw == null ? "missing required field 'cases'"
                    : "expected a non-empty list of { name, when }, but got " + Problems.describe(raw));
            return null;
        }
        if (list.size() > MAX_CASES) {
            problems.add(f.pathOf("cases"), "at most " + MAX_CASES + " cases are allowed, but got " + list.size());
            return null;
        }
        List<StepKind.Switch.Case> cases = new ArrayList<>();
        boolean ok = mode != null && (defaultCase != null || !f.has("default"));
        for (int i = 0; i < list.size(); i++) {
            String casePath = f.pathOf("cases") + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(casePath, "expected a case { name, when }, but got " + Problems.describe(list.get(i)));
                ok = false;
                continue;
            }
            FieldReader c = new FieldReader((Map<String, Object>) m, casePath, problems);
            c.rejectUnknown(CASE_FIELDS);
            String name = c.string("name", true, CASE_NAME, "[A-Za-z_][A-Za-z0-9_]{0,63} (letters, digits, underscore)");
            String when = c.string("when", true, null, null);
            if (name == null || when == null) {
                ok = false;
                continue;
            }
            if (cases.stream().anyMatch(x -> x.name().equals(name))) {
                problems.add(c.pathOf("name"), "case '" + name + "' is listed twice");
                ok = false;
            }
            cases.add(new StepKind.Switch.Case(name, Conditions.unwrap(when)));
        }
        return ok ? new StepKind.Switch(cases, defaultCase, mode) : null;
    }

    private StepKind fail(FieldReader f) {
        if (f == null) return null;
        String type = f.string("type", true, StepParser.ERROR_TYPE, "an error type like order_rejected");
        String message = f.string("message", true, null, null);
        return type == null || message == null ? null : new StepKind.Fail(type, message);
    }

    private StepKind aggregate(FieldReader f) {
        if (f == null) return null;
        StepKind.Aggregate.Strategy strategy = f.enumValue("strategy", StepKind.Aggregate.Strategy.class, null);
        if (strategy == null && !f.has("strategy")) {
            problems.add(f.pathOf(""), "missing required field 'strategy'");
        }
        String field = f.string("field", false, FIELD_PATH, "a dot path like score or result.items");
        String expression = f.string("expression", false, null, null);
        if (strategy == StepKind.Aggregate.Strategy.EXPRESSION && expression == null && !f.has("expression")) {
            problems.add(f.pathOf(""), "missing required field 'expression' (strategy expression)");
            return null;
        }
        if (strategy != null && strategy != StepKind.Aggregate.Strategy.EXPRESSION && f.has("expression")) {
            problems.add(f.pathOf("expression"), "only strategy expression reads an expression, but the strategy is "
                    + strategy.name().toLowerCase(java.util.Locale.ROOT));
            return null;
        }
        if (strategy == null || (f.has("field") && field == null) || (f.has("expression") && expression == null)) {
            return null;
        }
        return new StepKind.Aggregate(strategy, field, expression == null ? null : Conditions.unwrap(expression));
    }

    private StepKind transform(FieldReader f) {
        if (f == null) return null;
        List<String> forms = List.of("mapping", "to_table", "to_records").stream().filter(f::has).toList();
        if (forms.size() != 1) {
            problems.add(forms.isEmpty() ? f.pathOf("") : f.pathOf(forms.get(1)), "a transform has exactly one of "
                    + "mapping, to_table, to_records, but got " + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
            return null;
        }
        String form = forms.getFirst();
        List<String> columns = f.strings("columns", COLUMN, "a column name (1 to 200 characters)");
        if (columns == null) return null;
        if (!columns.isEmpty() && !form.equals("to_table")) {
            problems.add(f.pathOf("columns"), "columns apply to to_table only");
            return null;
        }
        StepKind.Transform.Form shape = switch (form) {
            case "mapping" -> StepKind.Transform.Form.MAPPING;
            case "to_table" -> StepKind.Transform.Form.TO_TABLE;
            default -> StepKind.Transform.Form.TO_RECORDS;
        };
        return new StepKind.Transform(shape, f.raw(form), columns);
    }

    private StepKind validate(FieldReader f) {
        if (f == null) return null;
        if (!f.has("value")) {
            problems.add(f.pathOf(""), "missing required field 'value'");
        }
        Map<String, Object> schema = f.object("schema");
        if (schema == null && !f.has("schema")) {
            problems.add(f.pathOf(""), "missing required field 'schema'");
        }
        return schema == null || !f.has("value") ? null : new StepKind.Validate(f.raw("value"), schema);
    }

    private StepKind sleep(FieldReader f) {
        if (f == null) return null;
        if (f.has("duration") == f.has("until")) {
            problems.add(f.pathOf(""), "expected exactly one of 'duration' (like 10m) or 'until' (an RFC 3339 "
                    + "instant or a template giving one)");
            return null;
        }
        if (f.has("duration")) {
            java.time.Duration duration = f.duration("duration", null, java.time.Duration.ofMillis(1), MAX_SLEEP);
            return duration == null ? null : new StepKind.Sleep(duration, null);
        }
        String until = f.string("until", true, null, null);
        if (until != null && !until.contains("{{")) {
            try {
                java.time.OffsetDateTime.parse(until.trim());
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(f.pathOf("until"), "expected an RFC 3339 instant like 2031-01-01T09:00:00Z, or a "
                        + "template giving one, but got '" + until + "'");
                return null;
            }
        }
        return until == null ? null : new StepKind.Sleep(null, until);
    }

    /** {@code workflow: <name>} or {@code workflow: {name, version?, max_depth?}}. */
    private StepKind child(FieldReader step) {
        if (step.raw("workflow") instanceof String) {
            String name = step.string("workflow", true, DefinitionParser.NAME, DefinitionParser.NAME_RULE);
            return name == null ? null : new StepKind.Workflow(name, 0, StepKind.Workflow.DEFAULT_MAX_DEPTH);
        }
        FieldReader f = section(step, "workflow", WORKFLOW_FIELDS);
        if (f == null) return null;
        String name = f.string("name", true, DefinitionParser.NAME, DefinitionParser.NAME_RULE);
        Integer version = f.integer("version", 0, 1, Integer.MAX_VALUE);
        Integer maxDepth = f.integer("max_depth", StepKind.Workflow.DEFAULT_MAX_DEPTH, 1,
                StepKind.Workflow.MAX_DEPTH);
        return name == null || version == null || maxDepth == null ? null
                : new StepKind.Workflow(name, version, maxDepth);
    }

    String capability(FieldReader f) {
        return switch (rules) {
            case REGISTRATION -> f.string("agent", true, StepParser.AGENT,
                    "[a-z0-9][a-z0-9_.-]{0,99} (capability names are lower case)");
            case STORED -> f.string("agent", true, StepParser.EARLIER_AGENT, "[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
        };
    }
}
