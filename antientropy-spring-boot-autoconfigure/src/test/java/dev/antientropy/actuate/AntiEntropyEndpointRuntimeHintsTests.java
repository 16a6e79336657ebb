package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/** Jackson can write every record the endpoint returns in a native image. */
class AntiEntropyEndpointRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void descriptorsAndTheirNestedRecordsAreRegisteredForBinding() {
        new AntiEntropyEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());
        for (Class<?> type : new Class<?>[] { SyncersDescriptor.class, SyncerDescriptor.class,
                MessageDescriptor.class, SyncerDescriptor.SyncDescriptor.class, SyncerDescriptor.CountsDescriptor.class,
                SyncerDescriptor.TimingDescriptor.class, SyncerDescriptor.WindowDescriptor.class }) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SyncerDescriptor.class, "state"))
            .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(MessageDescriptor.class, "message"))
            .accepts(hints);
    }
}
