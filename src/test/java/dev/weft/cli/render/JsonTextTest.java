package dev.weft.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static Value num(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }

    @Test
    void wholeNumbersPrintAsIntegersNotAsDoubles() {
        Value output = Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("sections", num(6.0))
                .putFields("score", num(0.75))
                .putFields("rounds", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(num(1)).addValues(num(-2)))
                        .build())).build();

        assertThat(JsonText.of(output)).isEqualTo("{\"sections\":6,\"score\":0.75,\"rounds\":[1,-2]}");
    }

    @Test
    void numbersBeyondExactDoublesKeepTheirDoubleForm() {
        assertThat(JsonText.of(num(1e300))).isEqualTo("1.0E300");
        assertThat(JsonText.of(num(9_007_199_254_740_992d))).isEqualTo("9007199254740992");
    }

    @Test
    void stringsAreEscapedAndNullsAndBooleansWritten() {
        Value v = Value.newBuilder().setListValue(ListValue.newBuilder()
                .addValues(Value.newBuilder().setStringValue("a \"b\"\n"))
                .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))
                .addValues(Value.newBuilder().setBoolValue(true))).build();

        assertThat(JsonText.of(v)).isEqualTo("[\"a \\\"b\\\"\\n\",null,true]");
    }
}
