package dev.antientropy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A state whose syncs can block until released; records calls, threads and interrupts. */
final class BlockingState implements SyncState {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger interrupted = new AtomicInteger();
    final AtomicInteger interruptedAtEntry = new AtomicInteger();
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile boolean block;
    volatile RecordingState.Behaviour onFull = () -> { };
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public void syncFull() throws Exception {
        sync("full");
        onFull.run();
    }

    @Override
    public void syncChanges() throws Exception {
        sync("changes");
    }

    private void sync(String call) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            interruptedAtEntry.incrementAndGet();
        }
        calls.add(call);
        threads.add(Thread.currentThread().getName());
        entered.countDown();
        if (block) {
            try {
                released.await();
            }
            catch (InterruptedException ex) {
                interrupted.incrementAndGet();
                throw ex;
            }
        }
    }

    void release() {
        block = false;
        released.countDown();
    }
}
