package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;

/** {@code states:}: a state machine definition is read as one machine step, and its graph and expressions are checked. */
class StateMachineDefinitionTest {

    @Test
    void aStatesDefinitionIsOneMachineStepWhoseOutputIsTheDefinitions() {
        WorkflowDefinition d = new DefinitionParser().parse("""
                name: triage
                initial: classify
                max_transitions: 10
                states:
                  - id: classify
                    agent: classifier
                    input: { text: "{{ input.text }}" }
                    transitions:
                      - { when: "steps.classify.output.urgent", to: page }
                      - { to: answer }
                  - { id: page, agent: pager, end: true }
                  - { id: answer, agent: writer, input: { q: "{{ steps.classify.output }}" }, end: true }
                output: { done: "{{ visits }}" }
                """);

        assertThat(d.steps()).extracting(StepDefinition::id).containsExactly("machine");
        ScopeOwner.Machine m = (ScopeOwner.Machine) d.steps().getFirst().kind();
        assertThat(m.initial()).isEqualTo("classify");
        assertThat(m.maxTransitions()).isEqualTo(10);
        assertThat(m.states().getFirst().transitions()).containsExactly(
                new ScopeOwner.Machine.Transition("steps.classify.output.urgent", "page"),
                new ScopeOwner.Machine.Transition(null, "answer"));
        assertThat(m.state("page").end()).isTrue();
        assertThat(m.output()).isEqualTo(java.util.Map.of("done", "{{ visits }}"));
        assertThat(d.output()).isEqualTo("{{ steps.machine.output }}");
    }

    @Test
    void transitionsMustNameStatesAndEveryStateMustBeReachable() {
        assertThat(Refusals.errors("""
                name: n
                initial: start
                states:
                  - { id: a, agent: w, transitions: [ { to: nowhere } ] }
                  - { id: b, agent: w, end: true }
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                tuple("initial", "names no state: expected one of a, b, but got 'start'"),
                tuple("states[0](a).transitions[0].to", "names no state: expected one of a, b, but got 'nowhere'"));
        assertThat(Refusals.errors("""
                name: n
                initial: a
                states:
                  - { id: a, agent: w, transitions: [ { to: a } ] }
                  - { id: b, agent: w, end: true }
                """)).extracting(DefinitionError::message).containsExactly(
                "state 'b' cannot be reached from the initial state 'a'",
                "no state with end: true can be reached from 'a', so the machine could never complete");
    }

    @Test
    void aStateThatCanGoNowhereOrThatIsAScopeOrHasDependenciesIsRefused() {
        assertThat(Refusals.errors("""
                name: n
                initial: a
                states:
                  - { id: a, agent: w }
                  - { id: b, agent: w, depends_on: [a], end: true }
                  - { id: c, loop: { max_iterations: 2, until: "true", steps: [ { id: x, agent: w } ] }, end: true }
                """)).extracting(DefinitionError::path).containsExactly("states[0](a)", "states[1](b).depends_on",
                "states[2](c).loop");
    }

    @Test
    void expressionsMayReadAnyStateAndVisitsButNoUnknownStep() {
        assertThat(Refusals.errors("""
                name: n
                initial: a
                states:
                  - id: a
                    agent: w
                    input: { b: "{{ steps.b.output }}", n: "{{ visits.a }}" }
                    transitions: [ { when: "steps.nope.output", to: b } ]
                  - { id: b, agent: w, end: true }
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                tuple("states[0](a).transitions[0].when", "expression 'steps.nope.output' reads unknown step 'nope'"));
    }

    @Test
    void stepsAndStatesTogetherOrInitialWithoutStatesAreRefused() {
        assertThat(Refusals.errors("""
                name: n
                initial: a
                steps: [ { id: a, agent: w } ]
                states: [ { id: a, agent: w, end: true } ]
                """)).extracting(DefinitionError::path).contains("steps");
        assertThat(Refusals.errors("""
                name: n
                initial: a
                steps: [ { id: a, agent: w } ]
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                tuple("initial", "applies to a state machine (a definition with states:), but this one has steps"));
    }

    @Test
    void theMachinesOwnIdIsNoStateId() {
        assertThat(Refusals.errors("""
                name: n
                initial: machine
                states: [ { id: machine, agent: w, end: true } ]
                """)).extracting(DefinitionError::path).containsExactly("states[0](machine).id");
    }
}
