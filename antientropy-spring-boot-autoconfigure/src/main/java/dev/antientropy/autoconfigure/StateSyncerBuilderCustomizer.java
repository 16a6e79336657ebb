package dev.antientropy.autoconfigure;

import dev.antientropy.StateSyncer;

/**
 * Adjusts the builder of every {@link StateSyncer} that the auto-configuration makes, right before it is
 * built: after the {@code antientropy.*} properties, the cluster size and the {@code SyncListener} beans have
 * been applied, so a customizer has the last word. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order @Order} / {@link org.springframework.core.Ordered} order.
 *
 * <pre>{@code
 * @Bean
 * StateSyncerBuilderCustomizer catalogTimeout() {
 *     return (name, builder) -> {
 *         if (name.equals("catalog")) {
 *             builder.syncTimeout(Duration.ofSeconds(5));
 *         }
 *     };
 * }
 * }</pre>
 *
 * <p>Called once per syncer, on the thread that creates the beans, while the context starts. A customizer that
 * throws stops start-up.
 */
@FunctionalInterface
public interface StateSyncerBuilderCustomizer {

    /**
     * Customizes the builder of one syncer.
     *
     * @param name the syncer's name, which is the name of its {@code SyncState} bean
     * @param builder the builder, already configured from the properties
     */
    void customize(String name, StateSyncer.Builder builder);
}
