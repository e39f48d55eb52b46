package dev.weft.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.TaskException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo reviewer asks for a revision in round 1 and approves a complete one. */
class ReviewerAgentTest {

    @Test
    void aFirstRoundIsSentBackWithFeedback() {
        assertThat(ReviewerAgent.review(Map.of("drafts", List.of(Map.of("text", "A")), "round", 1L)))
                .containsEntry("approved", false).containsEntry("feedback", "cite a source in every section");
    }

    @Test
    void aRevisionWithTextInEverySectionIsApproved() {
        assertThat(ReviewerAgent.review(Map.of("drafts", List.of(Map.of("text", "A"), "B"), "round", 2L)))
                .containsEntry("approved", true).containsEntry("score", 8);
    }

    @Test
    void aDraftWithoutTextIsNeverApproved() {
        assertThat(ReviewerAgent.review(Map.of("drafts", List.of(Map.of("text", "A"), Map.of("text", " ")),
                "round", 3L))).containsEntry("approved", false).containsEntry("feedback", "no text in section 2");
    }

    @Test
    void anInputWithoutDraftsIsAFailureNotWorthRetrying() {
        assertThatThrownBy(() -> ReviewerAgent.review(Map.of("round", 1L))).isInstanceOf(TaskException.class);
    }
}
