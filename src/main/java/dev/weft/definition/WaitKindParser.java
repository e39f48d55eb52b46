package dev.weft.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the kinds that wait for someone outside the engine: {@code wait} (an event, or the first
 * of several) and {@code approval} (a person's decision). Split from {@link StepKindParser} because
 * their rules (event names, correlation keys, approvers) are their own.
 */
final class WaitKindParser {
    static final List<String> WAIT_FIELDS = List.of("event", "correlation", "timeout", "any_of");
    static final List<String> AWAITED_FIELDS = List.of("event", "correlation");
    static final List<String> APPROVAL_FIELDS = List.of("prompt", "approvers", "timeout");
    /** Event names travel in API requests and AMQP properties: short, printable, no spaces. */
    static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,199}");
    /** Approvers are compared with the x-weft-caller header: printable ASCII, at most 200 characters. */
    static final Pattern APPROVER = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,199}");
    static final int MAX_ANY_OF = 20;
    static final int MAX_APPROVERS = 100;

    private final Problems problems;

    WaitKindParser(Problems problems) {
        this.problems = problems;
    }

    /** {@code wait: {event, correlation?, timeout?}} or {@code wait: {any_of: [{event, correlation?}, ...], timeout?}}. */
    @SuppressWarnings("unchecked")
    StepKind waitFor(FieldReader f) {
        if (f == null) return null;
        java.time.Duration timeout = f.duration("timeout", null, java.time.Duration.ofMillis(100), StepKindParser.MAX_SLEEP);
        boolean ok = timeout != null || !f.has("timeout");
        List<StepKind.Wait.Awaited> anyOf = new ArrayList<>();
        if (f.has("any_of")) {
            if (f.has("event") || f.has("correlation")) {
                problems.add(f.pathOf("any_of"), "expected either event (with correlation) or any_of, but got both");
                return null;
            }
            Object raw = f.raw("any_of");
            if (!(raw instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ANY_OF) {
                problems.add(f.pathOf("any_of"), "expected a list of 1 to " + MAX_ANY_OF
                        + " { event, correlation }, but got " + Problems.describe(raw));
                return null;
            }
            for (int i = 0; i < list.size(); i++) {
                String at = f.pathOf("any_of") + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    problems.add(at, "expected { event, correlation }, but got " + Problems.describe(list.get(i)));
                    ok = false;
                    continue;
                }
                FieldReader a = new FieldReader((Map<String, Object>) m, at, problems);
                a.rejectUnknown(AWAITED_FIELDS);
                StepKind.Wait.Awaited awaited = awaited(a);
                if (awaited == null) {
                    ok = false;
                } else {
                    anyOf.add(awaited);
                }
            }
        } else {
            StepKind.Wait.Awaited awaited = awaited(f);
            if (awaited == null) return null;
            anyOf.add(awaited);
        }
        return ok ? new StepKind.Wait(anyOf, timeout) : null;
    }

    private StepKind.Wait.Awaited awaited(FieldReader f) {
        String event = f.string("event", true, EVENT_NAME,
                "[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,199} (an event name like order.paid)");
        String correlation = f.string("correlation", false, null, null);
        if (correlation != null && correlation.isBlank()) {
            problems.add(f.pathOf("correlation"), "expected a key or a template like \"{{ input.order_id }}\", "
                    + "but got an empty string");
            return null;
        }
        return event == null || (f.has("correlation") && correlation == null) ? null
                : new StepKind.Wait.Awaited(event, correlation);
    }

    StepKind approval(FieldReader f) {
        if (f == null) return null;
        String prompt = f.string("prompt", true, null, null);
        List<String> approvers = f.strings("approvers", APPROVER, "a caller identity (printable ASCII, at most 200 "
                + "characters), as the x-weft-caller header names it");
        if (approvers != null && approvers.size() > MAX_APPROVERS) {
            problems.add(f.pathOf("approvers"), "at most " + MAX_APPROVERS + " approvers, but got " + approvers.size());
            return null;
        }
        java.time.Duration timeout = f.duration("timeout", null, java.time.Duration.ofMillis(100), StepKindParser.MAX_SLEEP);
        if (prompt == null || approvers == null || (timeout == null && f.has("timeout"))) return null;
        return new StepKind.Approval(prompt, approvers, timeout);
    }
}
