package dev.weft.definition;

import java.util.List;

/** What the parser says of a definition it must refuse: the tests of refusals read the errors here. */
final class Refusals {
    private Refusals() {
    }

    /** @throws AssertionError when the definition is accepted */
    static List<DefinitionError> errors(String yaml) {
        try {
            new DefinitionParser().parse(yaml);
            throw new AssertionError("expected the definition to be refused");
        } catch (DefinitionException e) {
            return e.errors();
        }
    }
}
