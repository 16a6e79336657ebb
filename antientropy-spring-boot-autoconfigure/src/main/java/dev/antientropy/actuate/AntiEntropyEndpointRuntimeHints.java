package dev.antientropy.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for what the {@code antientropy} endpoint returns, so that Jackson can write it in a native
 * image, as Spring Boot's own endpoints register theirs. The nested descriptors follow from the record
 * components.
 */
public final class AntiEntropyEndpointRuntimeHints implements RuntimeHintsRegistrar {

    private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        bindingRegistrar.registerReflectionHints(hints.reflection(), SyncersDescriptor.class, SyncerDescriptor.class,
                MessageDescriptor.class);
    }
}
