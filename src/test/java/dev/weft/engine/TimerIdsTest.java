package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store keeps some timers in columns of other rows and finds them again from their ids. */
class TimerIdsTest {
    static final String EXECUTION = "5f0c3f7e-2d1c-4c2b-9a43-7c1f7f7a0e11";

    @ParameterizedTest
    @EnumSource(TimerKind.class)
    void everyTimerIdReadsBackAsWhatItWasMadeOf(TimerKind kind) {
        String step = kind == TimerKind.WORKFLOW_DEADLINE ? null : "per_section[2].draft";
        int attempt = kind == TimerKind.WORKFLOW_DEADLINE || kind == TimerKind.SLEEP ? 0 : 3;
        String id = TaskIds.timerId(EXECUTION, kind, step, attempt);

        assertThat(TaskIds.parseTimerId(id)).contains(new TaskIds.TimerRef(EXECUTION, kind, step, attempt));
    }

    @Test
    void aStepNamedLikeASuffixIsStillAStep() {
        String id = TaskIds.timerId(EXECUTION, TimerKind.SLEEP, "deadline", 0);

        assertThat(TaskIds.parseTimerId(id))
                .contains(new TaskIds.TimerRef(EXECUTION, TimerKind.SLEEP, "deadline", 0));
    }

    @Test
    void otherStringsAreNotTimerIds() {
        assertThat(TaskIds.parseTimerId(null)).isEmpty();
        assertThat(TaskIds.parseTimerId("deadline")).isEmpty();
        assertThat(TaskIds.parseTimerId(EXECUTION + ":a:x:deadline")).isEmpty();
        assertThat(TaskIds.parseTimerId(EXECUTION + ":a:1:later")).isEmpty();
        assertThat(TaskIds.parseTimerId(EXECUTION + ":a:b:sleep")).isEmpty();
    }
}
