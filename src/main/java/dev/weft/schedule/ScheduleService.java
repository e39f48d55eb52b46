package dev.weft.schedule;

import dev.weft.definition.InputValidator;
import dev.weft.runtime.StartRefusedException;
import dev.weft.runtime.port.DefinitionLookup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Creates, reads, pauses, resumes and deletes the schedules of a tenant; the API's entry to
 * schedules ({@link SchedulePoller} fires them). A spec is checked in full when it is created: its
 * cron and zone, and its workflow, version and input against that workflow's input schema (the
 * version it names, or today's default; at fire time the input is checked again).
 */
@ApplicationScoped
public class ScheduleService {
    /** How many next fire times Get and List show. */
    public static final int NEXT_SHOWN = 5;
    /** How many of the latest fires Get and List show. */
    public static final int FIRES_SHOWN = 10;

    private final InputValidator inputs = new InputValidator();

    @Inject
    PgScheduleStore store;
    @Inject
    DefinitionLookup definitions;
    @Inject
    InstantSource clock;

    /** @param id the schedule's id, or blank for a new random one */
    public Uni<ScheduleView> create(String tenant, String id, ScheduleSpec spec) {
        String scheduleId = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
        if (!ScheduleKeys.ID.matcher(scheduleId).matches()) {
            return Uni.createFrom().failure(new ScheduleSpecException("schedule_id", "expected 1 to 100 letters, "
                    + "digits or . _ - :, but got '" + clip(scheduleId) + "'"));
        }
        if (ScheduleKeys.isDeclaredId(scheduleId)) {
            return Uni.createFrom().failure(new ScheduleSpecException("schedule_id", "ids starting with '"
                    + ScheduleKeys.declaredScheduleId("") + "' are those of schedules declared by a definition's "
                    + "schedule: block"));
        }
        CronSchedule cron;
        try {
            cron = spec.validate();
        } catch (ScheduleSpecException e) {
            return Uni.createFrom().failure(e);
        }
        return checkWorkflow(tenant, spec).chain(() -> {
            Instant now = clock.instant();
            StoredSchedule s = new StoredSchedule(tenant, scheduleId, spec, false, false,
                    FirePlanner.first(cron, now, spec.startAt(), spec.endAt()).orElse(null), null, null, null, now, now);
            return store.insert(s).chain(inserted -> {
                if (!inserted) {
                    throw new ScheduleExistsException(scheduleId);
                }
                return get(tenant, scheduleId);
            });
        });
    }

    private Uni<Void> checkWorkflow(String tenant, ScheduleSpec spec) {
        return definitions.forStart(tenant, spec.workflow(), spec.version()).map(found -> {
            if (found == null) {
                throw new StartRefusedException(StartRefusedException.Reason.NOT_FOUND, spec.version() == 0
                        ? "workflow: no workflow '" + clip(spec.workflow()) + "'"
                        : "version: workflow '" + clip(spec.workflow()) + "' has no version " + spec.version());
            }
            List<String> problems = inputs.validate(found, spec.input());
            if (!problems.isEmpty()) {
                throw new StartRefusedException(StartRefusedException.Reason.INVALID_INPUT, String.join("; ", problems));
            }
            return null;
        });
    }

    public Uni<ScheduleView> get(String tenant, String id) {
        return store.find(tenant, id).chain(found -> view(found.orElseThrow(() -> new ScheduleNotFoundException(id))));
    }

    /** The tenant's schedules, of one workflow when {@code workflow} is not blank. */
    public Uni<List<ScheduleView>> list(String tenant, String workflow) {
        return store.list(tenant, workflow).chain(all -> {
            if (all.isEmpty()) {
                return Uni.createFrom().item(List.<ScheduleView>of());
            }
            return Uni.join().all(all.stream().map(this::view).toList()).andFailFast();
        });
    }

    /** Stops firing; fire times while paused are not caught up later. */
    public Uni<ScheduleView> pause(String tenant, String id) {
        return store.find(tenant, id).chain(found -> {
            StoredSchedule s = found.orElseThrow(() -> new ScheduleNotFoundException(id));
            return store.setPaused(tenant, id, true, s.nextFireAt(), clock.instant());
        }).chain(() -> get(tenant, id));
    }

    /** Fires again from the first fire time after now. */
    public Uni<ScheduleView> resume(String tenant, String id) {
        return store.find(tenant, id).chain(found -> {
            StoredSchedule s = found.orElseThrow(() -> new ScheduleNotFoundException(id));
            CronSchedule cron = CronSchedule.parse(s.spec().cron(), s.spec().timeZone());
            return store.setPaused(tenant, id, false, FirePlanner.first(cron, clock.instant(), s.spec().startAt(),
                    s.spec().endAt()).orElse(null), clock.instant());
        }).chain(() -> get(tenant, id));
    }

    /** The executions it started are left alone. */
    public Uni<Void> delete(String tenant, String id) {
        return store.delete(tenant, id).map(deleted -> {
            if (!deleted) {
                throw new ScheduleNotFoundException(id);
            }
            return null;
        });
    }

    private Uni<ScheduleView> view(StoredSchedule s) {
        List<Instant> next = new ArrayList<>();
        if (!s.paused() && s.nextFireAt() != null) {
            next.add(s.nextFireAt());
            CronSchedule cron = CronSchedule.parse(s.spec().cron(), s.spec().timeZone());
            next.addAll(cron.next(s.nextFireAt(), NEXT_SHOWN - 1, s.spec().endAt()));
        }
        return store.recentFires(s.tenant(), s.id(), FIRES_SHOWN).map(fires -> new ScheduleView(s, next, fires));
    }

    static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
