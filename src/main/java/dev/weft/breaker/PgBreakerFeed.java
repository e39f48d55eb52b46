package dev.weft.breaker;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * LISTENs on {@code weft_breakers} over a connection of its own, reconnecting every second when it
 * is lost. Each (re)subscription is reported so that the breakers re-read the table: a change
 * announced while nobody listened is not lost, only late (and the tick re-reads it anyway).
 */
public class PgBreakerFeed implements BreakerFeed {
    private static final Logger LOG = Logger.getLogger(PgBreakerFeed.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    public PgBreakerFeed(Vertx vertx, PgConnectOptions options) {
        this.vertx = vertx;
        this.options = options;
    }

    /** From a reactive datasource URL such as {@code vertx-reactive:postgresql://host:5432/db}. */
    public static PgConnectOptions options(String reactiveUrl, String user, String password) {
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""));
        if (user != null) {
            options.setUser(user);
        }
        if (password != null) {
            options.setPassword(password);
        }
        return options;
    }

    @Override
    public void start(Consumer<String> changed, Runnable listened) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(PgBreakerStore.CHANNEL)
                .subscribeHandler(v -> listened.run())
                .handler(changed::accept);
        subscriber.connect().onFailure(e -> LOG.warnf("LISTEN %s failed: %s", PgBreakerStore.CHANNEL, e.getMessage()));
    }

    @Override
    public void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
