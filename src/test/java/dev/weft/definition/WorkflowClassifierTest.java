package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The class of a workflow is the highest construct it uses, over the shipped examples and small cases. */
class WorkflowClassifierTest {
    private final DefinitionParser parser = new DefinitionParser();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "research-brief, LINEAR",
            "publish-report, LINEAR",
            "fan-out-fan-in, PARALLEL",
            "triage, CONDITIONAL",
            "draft-review, ADVANCED",
            "sections, ADVANCED",
            "research-report, ADVANCED",
            "planned-tasks, ADVANCED"})
    void everyShippedExampleHasTheClassOfItsHighestConstruct(String example, WorkflowClass expected)
            throws IOException {
        assertThat(WorkflowClassifier.classify(parser.parse(example("/examples/" + example + ".yaml"))))
                .isEqualTo(expected);
    }

    @Test
    void aSingleStepIsLinear() {
        assertThat(classify("""
                name: one
                steps:
                  - { id: a, agent: echo }
                """)).isEqualTo(WorkflowClass.LINEAR);
    }

    @Test
    void twoStepsThatStartAtOnceAreParallel() {
        assertThat(classify("""
                name: two
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo }
                """)).isEqualTo(WorkflowClass.PARALLEL);
    }

    @Test
    void aStepWithTwoDependentsIsAFanOutAndParallel() {
        assertThat(classify("""
                name: fan
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo, depends_on: [a] }
                  - { id: c, agent: echo, depends_on: [a] }
                """)).isEqualTo(WorkflowClass.PARALLEL);
    }

    @Test
    void aConditionOnAChainMakesItConditional() {
        assertThat(classify("""
                name: maybe
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo, depends_on: [a], when: "steps.a.output.go == true" }
                """)).isEqualTo(WorkflowClass.CONDITIONAL);
    }

    @Test
    void aParallelForeachOfAgentTasksIsParallel() {
        assertThat(classify("""
                name: each
                steps:
                  - { id: a, foreach: { items: "{{ input.xs }}", agent: echo } }
                """)).isEqualTo(WorkflowClass.PARALLEL);
    }

    @Test
    void aSubWorkflowIsAdvancedSinceTheChildsClassIsNotKnownHere() {
        assertThat(classify("""
                name: parent
                steps:
                  - { id: a, workflow: publish-report }
                """)).isEqualTo(WorkflowClass.ADVANCED);
    }

    @Test
    void theClassesAreOrderedFromLinearToAdvanced() {
        assertThat(WorkflowClass.values()).containsExactly(WorkflowClass.LINEAR, WorkflowClass.PARALLEL,
                WorkflowClass.CONDITIONAL, WorkflowClass.ADVANCED);
    }

    private WorkflowClass classify(String yaml) {
        return WorkflowClassifier.classify(parser.parse(yaml));
    }

    private static String example(String path) throws IOException {
        try (InputStream in = WorkflowClassifierTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
