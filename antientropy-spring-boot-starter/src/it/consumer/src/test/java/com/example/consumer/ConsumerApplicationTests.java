package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;
import dev.antientropy.autoconfigure.StateSyncers;

/** Starts the application as a user would and waits, at most 30 s each, for a full and a partial sync. */
class ConsumerApplicationTests {

    @Test
    void startsAndSyncs() throws InterruptedException {
        try (ConfigurableApplicationContext context = SpringApplication.run(ConsumerApplication.class)) {
            ConsumerApplication.Remote remote = context.getBean(ConsumerApplication.Remote.class);
            StateSyncer syncer = context.getBean(StateSyncer.class);
            assertEquals("inventory", syncer.name());
            assertTrue(context.getBean(StateSyncers.class).isRunning());

            assertTrue(remote.fullSyncs.await(30, TimeUnit.SECONDS), "the first full sync ran");
            syncer.triggerSyncChanges();
            assertTrue(remote.partialSyncs.await(30, TimeUnit.SECONDS), "the requested partial sync ran");
            assertEquals(SyncerState.PARTIAL_SYNC, syncer.status().state());
        }
    }
}
