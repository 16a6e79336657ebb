package dev.antientropy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;

/**
 * For tests that run syncers on their own real thread: a {@link BlockingState}, a builder on it, and every
 * syncer tracked and closed (with a bound) after each test, the state released first so that none hangs.
 */
abstract class RealThreadSupport {

    static final Duration BOUND = Duration.ofSeconds(10);

    final BlockingState state = new BlockingState();

    private final List<StateSyncer> syncers = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        state.release();
        syncers.forEach(syncer -> syncer.close(BOUND));
    }

    /** A builder on the blocking state, named "catalog", with no stagger. */
    StateSyncer.Builder builder() {
        return StateSyncer.builder(state).name("catalog").stagger(Stagger.none());
    }

    /** Closes the syncer after the test. */
    StateSyncer track(StateSyncer syncer) {
        syncers.add(syncer);
        return syncer;
    }
}
