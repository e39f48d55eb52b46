package dev.weft.expr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    @Test
    void splitsLiteralsAndExpressions() {
        assertThat(Template.parse("a {{ x }} b {{y}}").segments()).containsExactly(
                new Template.Literal("a "), new Template.Expr("x"), new Template.Literal(" b "), new Template.Expr("y"));
    }

    @Test
    void singleExpressionAllowsSurroundingWhitespaceOnly() {
        assertThat(Template.parse("  {{ x }}\n").singleExpression()).isEqualTo(new Template.Expr("x"));
        assertThat(Template.parse("a{{ x }}").singleExpression()).isNull();
        assertThat(Template.parse("{{ x }}{{ y }}").singleExpression()).isNull();
    }

    @Test
    void closingBracesInsideMapLiteralsAndStringsDoNotEndTheExpression() {
        assertThat(Template.parse("{{ {'a': {'b': 1}} }}").expressions()).containsExactly("{'a': {'b': 1}}");
        assertThat(Template.parse("{{ 'x}}y' + \"}}\" }}!").expressions()).containsExactly("'x}}y' + \"}}\"");
    }

    @Test
    void rejectsUnclosedAndEmptyExpressions() {
        assertThatThrownBy(() -> Template.parse("{{ x")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Template.parse("a {{  }}")).hasMessageContaining("empty expression");
    }

    @Test
    void plainTextIsOneLiteral() {
        assertThat(Template.parse("plain").segments()).containsExactly(new Template.Literal("plain"));
        assertThat(Template.containsExpression("plain { }")).isFalse();
    }
}
