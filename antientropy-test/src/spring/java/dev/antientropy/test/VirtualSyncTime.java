package dev.antientropy.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs every syncer of a Spring test's application context in virtual time. On a test class (a
 * {@code @SpringBootTest} or any test of the Spring TestContext Framework), it adds two primary beans to the
 * context before it is refreshed:
 * <ul>
 * <li>a {@link ManualSyncScheduler}, the clock and thread of every syncer: the test injects it
 * ({@code @Autowired ManualSyncScheduler scheduler}) and drives the syncers with
 * {@link ManualSyncScheduler#advance(java.time.Duration) advance} and {@link ManualSyncScheduler#runDue() runDue},
 * on the test thread, with no sleep and no wait;
 * <li>a {@link dev.antientropy.Stagger} that always draws zero, so each random delay falls at the lower end of its
 * window: the first full sync at once (with a start-up stagger too), a requested full sync at once, the periodic
 * one exactly {@code interval} after the last, a retry exactly {@code retry-fail-interval} (times the back-off)
 * after the failure.
 * </ul>
 * The starter builds each of its syncers with these beans, as with any {@code SyncScheduler} and
 * {@code Stagger} bean; a {@code StateSyncer} bean of the application's own runs on them when it is built with
 * them ({@code ObjectProvider<SyncScheduler>}, {@code ObjectProvider<Stagger>}). The syncers start with the
 * context, as they do in the application, but nothing runs until the test moves the clock: the first
 * {@code runDue()} runs the first full sync.
 *
 * <pre>{@code
 * @SpringBootTest
 * @VirtualSyncTime
 * class CatalogSyncTests {
 *
 *     @Autowired
 *     ManualSyncScheduler scheduler;
 *
 *     @Test
 *     void repairsDriftWithinOneInterval() {
 *         scheduler.runDue();                        // the first full sync
 *         scheduler.advance(Duration.ofMinutes(1));  // the next periodic one
 *     }
 * }
 * }</pre>
 *
 * <p>Found on the test class, its superclasses, its enclosing classes (for {@code @Nested} tests) and on
 * annotations of its own ({@code @Inherited}, and usable as a meta-annotation). Contexts with and without it are
 * cached apart. Needs {@code spring-test} on the test class path (the kit's Spring dependencies are optional).
 * A {@code StateSyncerBuilderCustomizer} of the application's own that sets a thread factory or another
 * scheduler takes the syncer off virtual time again: it has the last word on the builder.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface VirtualSyncTime {
}
