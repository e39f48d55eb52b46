package dev.weft.cli;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * A client prints what its commands say and nothing else: Netty logs through java.util.logging
 * (not SLF4J, whose provider on the engine's class path needs the engine's log manager), and
 * library log records below SEVERE are dropped. Every failure a person must see is a line of
 * the command's own.
 */
final class QuietLogging {
    private QuietLogging() {
    }

    static void install() {
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
    }
}
