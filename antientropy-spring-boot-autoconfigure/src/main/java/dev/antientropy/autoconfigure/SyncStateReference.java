package dev.antientropy.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

import dev.antientropy.SyncState;

/**
 * A {@link SyncState} bean by name, looked up when it is first synced: the syncer of a state does not depend on
 * the state bean, so the state may depend on its syncer, and a {@code @Lazy} state is not made at start-up. The
 * lookup goes up the context hierarchy, like any {@code getBean}.
 */
final class SyncStateReference implements SyncState {

    private final BeanFactory beanFactory;
    private final String name;
    private volatile @Nullable SyncState target; // the syncs of one syncer write it, each reads it; racy set is benign

    SyncStateReference(BeanFactory beanFactory, String name) {
        this.beanFactory = beanFactory;
        this.name = name;
    }

    /**
     * Returns the name of the {@code SyncState} bean.
     *
     * @return the bean name
     */
    String name() {
        return name;
    }

    /**
     * Returns the {@code SyncState} bean, making it if it is not made yet.
     *
     * @return the bean
     */
    SyncState target() {
        SyncState state = target;
        if (state == null) {
            state = beanFactory.getBean(name, SyncState.class);
            target = state;
        }
        return state;
    }

    @Override
    public void syncFull() throws Exception {
        target().syncFull();
    }

    @Override
    public void syncChanges() throws Exception {
        target().syncChanges();
    }

    @Override
    public String toString() {
        return "SyncState bean '" + name + "'";
    }
}
