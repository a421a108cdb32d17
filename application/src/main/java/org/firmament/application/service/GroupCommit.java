package org.firmament.application.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.firmament.application.port.in.FromMemory;

/**
 * Group commit: callers hand in items, and the items that arrive while {@code maxRunning} batches
 * are under way wait and then run together, as one batch of at most {@code maxBatch}, on the
 * thread of one of their callers. A caller that finds a batch free runs its item at once, so an
 * item waits only behind batches that were already running; under load the waiting items gather
 * into the next batch by themselves, and one transaction then writes many. Two items with the same
 * key are never in batches under way at the same time (nor in one batch): the later waits for the
 * next. Nothing runs on a thread of its own, and nothing waits for a timer.
 *
 * @param <I> an item
 * @param <R> what the batch answers for one item
 */
final class GroupCommit<I, R> {

    /** One item's answer: a value, or the failure that is its caller's to see. */
    record Result<R>(R value, RuntimeException failure) {

        static <R> Result<R> of(R value) {
            return new Result<>(value, null);
        }

        static <R> Result<R> failed(RuntimeException failure) {
            return new Result<>(null, Objects.requireNonNull(failure));
        }

        /** What {@code work} answers, or its failure. */
        static <R> Result<R> from(Supplier<R> work) {
            try {
                return of(work.get());
            } catch (RuntimeException failure) {
                return failed(failure);
            }
        }

        R get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private final int maxBatch;
    private final int maxRunning;
    private final Function<I, ?> key;
    private final Function<List<I>, List<Result<R>>> work;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<I, R>> waiting = new ArrayDeque<>();
    private final Set<Object> keysUnderWay = new HashSet<>();
    private int running;

    /**
     * @param work answers a batch's items, one result per item in their order; when it throws, every
     *             item of the batch fails with that exception
     */
    GroupCommit(int maxBatch, int maxRunning, Function<I, ?> key, Function<List<I>, List<Result<R>>> work) {
        if (maxBatch < 1 || maxRunning < 1) {
            throw new IllegalArgumentException("maxBatch and maxRunning must be positive, were " + maxBatch + " and "
                    + maxRunning);
        }
        this.maxBatch = maxBatch;
        this.maxRunning = maxRunning;
        this.key = Objects.requireNonNull(key);
        this.work = Objects.requireNonNull(work);
    }

    /**
     * What the batch {@code item} ran in answered for it; its failure is thrown. Waits while batches
     * run, so never on a thread that must not wait ({@link FromMemory#mayWait}).
     */
    R submit(I item) {
        FromMemory.mayWait();
        Object itemKey = Objects.requireNonNull(key.apply(item));
        Pending<I, R> mine = new Pending<>(item, itemKey, lock.newCondition());
        lock.lock();
        try {
            waiting.add(mine);
            while (mine.result == null) {
                List<Pending<I, R>> batch = mine.taken || running >= maxRunning ? List.of() : take();
                if (batch.isEmpty()) {
                    mine.wake.awaitUninterruptibly();
                } else {
                    runUnlocked(batch);
                }
            }
            return mine.result.get();
        } finally {
            if (!mine.taken) {
                // Leaving unanswered (an Error in a batch this caller ran for others): nobody
                // would see the item's result, so no batch may run it, nor wake it to lead.
                waiting.remove(mine);
            }
            lock.unlock();
        }
    }

    /** How many items wait for a batch (not those in one under way). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The next batch: the longest-waiting items whose keys are free, holding the lock. */
    private List<Pending<I, R>> take() {
        List<Pending<I, R>> batch = new ArrayList<>();
        for (Iterator<Pending<I, R>> next = waiting.iterator(); next.hasNext() && batch.size() < maxBatch; ) {
            Pending<I, R> pending = next.next();
            if (keysUnderWay.add(pending.key)) {
                pending.taken = true;
                next.remove();
                batch.add(pending);
            }
        }
        return batch;
    }

    /** Runs {@code batch} with the lock released, and answers its items; holding the lock before and after. */
    private void runUnlocked(List<Pending<I, R>> batch) {
        running++;
        if (running < maxRunning) {
            // Callers still waiting (more than one batch holds) may lead one more.
            wakeTheNextLeader();
        }
        List<Result<R>> results = null;
        RuntimeException failure = null;
        lock.unlock();
        try {
            List<I> items = new ArrayList<>(batch.size());
            for (Pending<I, R> pending : batch) {
                items.add(pending.item);
            }
            List<Result<R>> answered = work.apply(items);
            if (answered.size() != items.size() || answered.stream().anyMatch(Objects::isNull)) {
                throw new IllegalStateException(answered.size() + " results, or a missing one, for a batch of "
                        + items.size());
            }
            results = answered;
        } catch (RuntimeException failed) {
            failure = failed;
        } finally {
            lock.lock();
            running--;
            for (int i = 0; i < batch.size(); i++) {
                Pending<I, R> pending = batch.get(i);
                keysUnderWay.remove(pending.key);
                // An Error leaves neither results nor a failure: the batch's callers must not wait forever.
                pending.result = results != null ? results.get(i)
                        : Result.failed(failure != null ? failure : new IllegalStateException("the batch failed"));
                pending.wake.signal();
            }
            wakeTheNextLeader();
        }
    }

    /**
     * A batch is free: the longest-waiting caller leads the next (waking every caller instead cost
     * a rollout's recordings about 6 % of the CPU in futile wake-ups). A caller woken while it runs
     * a batch is not lost: it looks for the next one itself once that has ended.
     */
    private void wakeTheNextLeader() {
        Pending<I, R> next = waiting.peekFirst();
        if (next != null) {
            next.wake.signal();
        }
    }

    private static final class Pending<I, R> {
        final I item;
        final Object key;
        /** Signalled when it is answered, or when it may lead the next batch. */
        final Condition wake;
        /** Whether a batch holds it; guarded by the lock, as is {@code result}. */
        boolean taken;
        Result<R> result;

        Pending(I item, Object key, Condition wake) {
            this.item = item;
            this.key = key;
            this.wake = wake;
        }
    }
}
