package dev.weft.cli.commands;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.weft.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** JSON in and out: messages in the proto3 JSON mapping, inputs and payloads as JSON text or {@code @file}. */
final class ProtoJson {
    private ProtoJson() {
    }

    static String pretty(MessageOrBuilder m) {
        try {
            return JsonFormat.printer().print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per message, for a stream (JSON Lines). */
    static String compact(MessageOrBuilder m) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static Struct object(String textOrFile, String option) {
        Value v = value(textOrFile, option);
        if (!v.hasStructValue()) {
            throw new UserError(option + ": expected a JSON object, but got " + v.getKindCase().name().toLowerCase());
        }
        return v.getStructValue();
    }

    static Value value(String textOrFile, String option) {
        String text = textOrFile.startsWith("@") ? read(Path.of(textOrFile.substring(1)), option) : textOrFile;
        Value.Builder b = Value.newBuilder();
        try {
            JsonFormat.parser().merge(text, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new UserError(option + ": expected JSON, but: " + e.getMessage());
        }
        return b.build();
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(what + ": no such file: " + file);
        } catch (IOException e) {
            throw new UserError(what + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
