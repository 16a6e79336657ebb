package com.example.consumer;

import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.antientropy.SyncState;

/** A user's application: one SyncState bean, which the starter turns into the syncer "inventory". */
@SpringBootApplication
public class ConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsumerApplication.class, args);
    }

    @Bean
    Remote remote() {
        return new Remote();
    }

    @Bean
    SyncState inventory(Remote remote) {
        return new SyncState() {

            @Override
            public void syncFull() {
                remote.fullSyncs.countDown();
            }

            @Override
            public void syncChanges() {
                remote.partialSyncs.countDown();
            }
        };
    }

    /** Stands for the remote authority: counts the syncs that reached it. */
    public static final class Remote {

        public final CountDownLatch fullSyncs = new CountDownLatch(1);

        public final CountDownLatch partialSyncs = new CountDownLatch(1);
    }
}
