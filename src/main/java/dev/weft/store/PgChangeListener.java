package dev.weft.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * LISTENs for commits of any replica ({@code NOTIFY weft_changes}, see {@link ChangeNotifications}, sent inside each
 * group commit), so that a watcher served here also sees changes another replica committed.
 * Reconnects by itself; a watcher that missed notifications while it was away catches up from
 * the history on the next one.
 */
@ApplicationScoped
public class PgChangeListener implements dev.weft.runtime.port.ChangeFeed {
    public static final String CHANNEL = "weft_changes";
    /** Payload: tenant/name of a workflow that got a new version or whose default version was set. */
    public static final String DEFINITIONS = "weft_definitions";
    /** Payload: {@link PgRolloutFlags#payload} of a rollout flag value that was set or cleared (ADR 0015). */
    public static final String ROLLOUT = "weft_rollout";
    private static final Logger LOG = Logger.getLogger(PgChangeListener.class);

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final List<BiConsumer<String, Long>> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> definitionListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeningListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> rolloutListeners = new CopyOnWriteArrayList<>();
    private PgSubscriber subscriber;

    /** {@code listener(executionId, sequence)} for every committed change of every replica. */
    @Override
    public void onChange(BiConsumer<String, Long> listener) {
        listeners.add(listener);
    }

    /** {@code listener(tenant/name)} whenever any replica registers a new version or sets a default version. */
    public void onDefinitionRegistered(java.util.function.Consumer<String> listener) {
        definitionListeners.add(listener);
    }

    /** {@code listener(payload)} whenever any replica sets or clears a rollout flag value. */
    public void onRolloutChanged(java.util.function.Consumer<String> listener) {
        rolloutListeners.add(listener);
    }

    /**
     * {@code listener} whenever the LISTEN connection is (re)established: notifications sent while
     * it was down are lost, so whatever they would have invalidated must be dropped now.
     */
    public void onListening(Runnable listener) {
        listeningListeners.add(listener);
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::dispatch);
        // The subscribe handler runs on every LISTEN, the first and each after a reconnect.
        subscriber.channel(ROLLOUT).handler(payload -> rolloutListeners.forEach(l -> l.accept(payload)));
        subscriber.channel(DEFINITIONS).handler(key -> definitionListeners.forEach(l -> l.accept(key)))
                .subscribeHandler(v -> listeningListeners.forEach(Runnable::run));
        subscriber.connect().onFailure(e -> LOG.warnf("LISTEN %s failed: %s", CHANNEL, e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private void dispatch(String payload) {
        ChangeNotifications.decode(payload, (id, seq) -> listeners.forEach(l -> l.accept(id, seq)));
    }
}
