package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.firmament.application.port.in.FromMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** An item: its key (items with one key may not run at once) and its own name. */
    private record Item(String key, String name) {
    }

    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** The batches run, in the order they began, each as its items' names. */
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    /** Released by the test: the first batch waits for it. */
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final CountDownLatch firstStarted = new CountDownLatch(1);

    @AfterEach
    void stopCallers() {
        releaseFirst.countDown();
        callers.shutdownNow();
    }

    /** Answers each item with its name and the batch's size; the first batch waits to be released. */
    private List<GroupCommit.Result<String>> answer(List<Item> items) {
        List<String> names = items.stream().map(Item::name).toList();
        batches.add(names);
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if (firstStarted.getCount() > 0) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return names.stream().map(name -> GroupCommit.Result.of(name + "/" + names.size())).toList();
        } finally {
            running.decrementAndGet();
        }
    }

    private GroupCommit<Item, String> groupCommit(int maxBatch, int maxRunning) {
        return groupCommit(maxBatch, maxRunning, this::answer);
    }

    private static GroupCommit<Item, String> groupCommit(int maxBatch, int maxRunning,
                                                         Function<List<Item>, List<GroupCommit.Result<String>>> work) {
        return new GroupCommit<>(maxBatch, maxRunning, Item::key, work);
    }

    private Future<String> submitted(GroupCommit<Item, String> group, String key, String name) {
        return callers.submit(() -> group.submit(new Item(key, name)));
    }

    /** Waits until {@code count} callers wait in {@code group} for a batch. */
    private static void waitingCallers(GroupCommit<?, ?> group, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.waiting() != count) {
            assertTrue(System.nanoTime() < deadline, "waiting callers: " + group.waiting() + ", expected " + count);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException interrupted) {
            throw new AssertionError(interrupted);
        }
    }

    private static String get(Future<String> answer) throws Exception {
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLoneItemRunsAtOnce_onItsCallersThread() {
        releaseFirst.countDown();
        List<String> threads = new ArrayList<>();
        GroupCommit<Item, String> group = groupCommit(10, 1, items -> {
            threads.add(Thread.currentThread().getName());
            return List.of(GroupCommit.Result.of("done"));
        });

        assertEquals("done", group.submit(new Item("a", "a")));
        assertEquals(List.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void itemsArrivingWhileTheBatchesRun_runTogetherInTheNext() throws Exception {
        GroupCommit<Item, String> group = groupCommit(10, 1);
        Future<String> first = submitted(group, "a", "a");
        await(firstStarted);
        Future<String> b = submitted(group, "b", "b");
        Future<String> c = submitted(group, "c", "c");
        Future<String> d = submitted(group, "d", "d");
        waitingCallers(group, 3);

        releaseFirst.countDown();

        assertEquals("a/1", get(first));
        assertEquals(List.of("b/3", "c/3", "d/3"), List.of(get(b), get(c), get(d)));
        assertEquals(2, batches.size());
        assertEquals(List.of("b", "c", "d"), batches.get(1).stream().sorted().toList());
        assertEquals(1, mostRunning.get());
    }

    @Test
    void aBatchHoldsAtMostMaxBatch_theLongestWaitingFirst() throws Exception {
        GroupCommit<Item, String> group = groupCommit(2, 1);
        Future<String> first = submitted(group, "a", "a");
        await(firstStarted);
        List<Future<String>> later = new ArrayList<>();
        for (String name : List.of("b", "c", "d", "e", "f")) {
            later.add(submitted(group, name, name));
            waitingCallers(group, later.size());
        }

        releaseFirst.countDown();

        get(first);
        for (Future<String> answer : later) {
            assertTrue(get(answer).endsWith("/2") || get(answer).endsWith("/1"), get(answer));
        }
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d", "e"), List.of("f")), batches);
    }

    @Test
    void atMostMaxRunningBatchesRunAtOnce() throws Exception {
        CountDownLatch twoRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Item, String> group = groupCommit(10, 2, items -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoRunning.countDown();
            await(release);
            running.decrementAndGet();
            return items.stream().map(item -> GroupCommit.Result.of(item.name())).toList();
        });
        Future<String> a = submitted(group, "a", "a");
        Future<String> b = submitted(group, "b", "b");
        await(twoRunning);
        Future<String> c = submitted(group, "c", "c");
        waitingCallers(group, 1);

        release.countDown();

        assertEquals(List.of("a", "b", "c"), List.of(get(a), get(b), get(c)));
        assertEquals(2, mostRunning.get());
    }

    @Test
    void anItemWhoseKeyIsUnderWay_waitsForTheNextBatch_whileOthersRun() throws Exception {
        GroupCommit<Item, String> group = groupCommit(10, 2);
        Future<String> first = submitted(group, "device-1", "first");
        await(firstStarted);
        Future<String> again = submitted(group, "device-1", "again");
        waitingCallers(group, 1);
        Future<String> other = submitted(group, "device-2", "other");

        // The second batch may run beside the first, but without the key the first holds.
        assertEquals("other/1", get(other));
        assertEquals(1, group.waiting());
        releaseFirst.countDown();

        assertEquals("first/1", get(first));
        assertEquals("again/1", get(again));
        assertEquals(List.of(List.of("first"), List.of("other"), List.of("again")), batches);
    }

    @Test
    void oneBatchNeverHoldsOneKeyTwice() throws Exception {
        GroupCommit<Item, String> group = groupCommit(10, 1);
        Future<String> first = submitted(group, "x", "first");
        await(firstStarted);
        Future<String> b1 = submitted(group, "device-1", "b1");
        waitingCallers(group, 1);
        Future<String> b2 = submitted(group, "device-1", "b2");
        waitingCallers(group, 2);
        Future<String> c = submitted(group, "device-2", "c");
        waitingCallers(group, 3);

        releaseFirst.countDown();

        get(first);
        assertEquals(List.of("b1/2", "b2/1", "c/2"), List.of(get(b1), get(b2), get(c)));
        assertEquals(List.of(List.of("first"), List.of("b1", "c"), List.of("b2")), batches);
    }

    @Test
    void eachItemGetsItsOwnResult_aFailureOnlyItsCaller() throws Exception {
        IllegalStateException broken = new IllegalStateException("item b is broken");
        GroupCommit<Item, String> group = groupCommit(10, 1, items -> {
            List<String> names = items.stream().map(Item::name).toList();
            batches.add(names);
            if (firstStarted.getCount() > 0) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return names.stream().map(name -> name.equals("b")
                    ? GroupCommit.Result.<String>failed(broken) : GroupCommit.Result.of(name)).toList();
        });
        Future<String> first = submitted(group, "a", "a");
        await(firstStarted);
        Future<String> b = submitted(group, "b", "b");
        Future<String> c = submitted(group, "c", "c");
        waitingCallers(group, 2);

        releaseFirst.countDown();

        assertEquals("a", get(first));
        assertEquals("c", get(c));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> get(b));
        assertSame(broken, failed.getCause());
        assertEquals(2, batches.get(1).size());
    }

    @Test
    void aBatchThatThrows_failsEachOfItsItemsWithThatException_andTheNextBatchStillRuns() throws Exception {
        IllegalStateException unavailable = new IllegalStateException("the database is out of reach");
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<Item, String> group = groupCommit(10, 1, items -> {
            if (calls.incrementAndGet() == 1) {
                throw unavailable;
            }
            return items.stream().map(item -> GroupCommit.Result.of(item.name())).toList();
        });

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> group.submit(new Item("a", "a")));

        assertSame(unavailable, thrown);
        assertEquals("b", group.submit(new Item("b", "b")));
        assertEquals("a", group.submit(new Item("a", "a")));
    }

    @Test
    void anErrorInABatch_stillAnswersItsOtherItems_andReachesTheThreadThatRanIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<Item, String> group = groupCommit(10, 1, items -> {
            if (calls.incrementAndGet() == 1) {
                started.countDown();
                await(release);
                return List.of(GroupCommit.Result.of("first"));
            }
            throw new AssertionError("an error, not an exception");
        });
        Future<String> first = submitted(group, "a", "a");
        await(started);
        Future<String> b = submitted(group, "b", "b");
        Future<String> c = submitted(group, "c", "c");
        waitingCallers(group, 2);

        release.countDown();

        assertEquals("first", get(first));
        List<Throwable> causes = new ArrayList<>();
        for (Future<String> answer : List.of(b, c)) {
            causes.add(assertThrows(ExecutionException.class, () -> get(answer)).getCause());
        }
        assertEquals(1, causes.stream().filter(AssertionError.class::isInstance).count(), causes.toString());
        assertEquals(1, causes.stream().filter(IllegalStateException.class::isInstance).count(), causes.toString());
        assertEquals(0, group.waiting());
    }

    /**
     * A caller whose own item's key is under way leads a batch of others, which fails with an
     * Error: the Error reaches it, and its own item, never answered, is never run afterwards.
     */
    @Test
    void aCallerLeftByAnErrorInABatchItRanForOthers_leavesNoItemBehind() throws Exception {
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch releaseC = new CountDownLatch(1);
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch cStarted = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Item, String> group = groupCommit(10, 2, items -> {
            List<String> names = items.stream().map(Item::name).toList();
            ran.addAll(names);
            if (names.contains("a")) {
                aStarted.countDown();
                await(releaseA);
            } else if (names.contains("c")) {
                cStarted.countDown();
                await(releaseC);
            } else if (names.contains("d")) {
                throw new AssertionError("an error, not an exception");
            }
            return names.stream().map(GroupCommit.Result::of).toList();
        });
        Future<String> a = submitted(group, "k", "a");
        await(aStarted);
        Future<String> c = submitted(group, "j", "c");
        await(cStarted);
        Future<String> b = submitted(group, "k", "b");
        waitingCallers(group, 1);
        Future<String> d = submitted(group, "m", "d");
        waitingCallers(group, 2);

        releaseC.countDown();

        assertEquals("c", get(c));
        assertTrue(assertThrows(ExecutionException.class, () -> get(b)).getCause() instanceof AssertionError);
        assertTrue(assertThrows(ExecutionException.class, () -> get(d)).getCause() instanceof IllegalStateException);
        assertEquals(0, group.waiting(), "b is not left waiting for a batch");
        releaseA.countDown();
        assertEquals("a", get(a));
        assertEquals("e", group.submit(new Item("k", "e")));
        assertEquals(List.of("a", "c", "d", "e"), ran, "b never ran");
    }

    @Test
    void aBatchAnsweringTooFewResults_failsEachOfItsItems() {
        GroupCommit<Item, String> group = groupCommit(10, 1, items -> List.of());

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> group.submit(new Item("a", "a")));

        assertTrue(thrown.getMessage().contains("for a batch of 1"), thrown.getMessage());
    }

    @Test
    void insideAnAttemptFromMemory_nothingIsSubmitted_andTheAttemptEnds() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<Item, String> group = groupCommit(10, 1, items -> {
            calls.incrementAndGet();
            return List.of(GroupCommit.Result.of("ran"));
        });

        assertEquals(Optional.empty(), FromMemory.attempt(() -> group.submit(new Item("a", "a"))));
        assertEquals(0, calls.get());
        assertEquals(0, group.waiting());
    }

    /**
     * Many callers, few keys, small batches: every item is answered with its own result, no key is
     * ever in two batches at once, and no more than maxRunning batches run; nobody is left waiting
     * (the callers woken one at a time to lead the next batch never miss a free one for good).
     */
    @Test
    void underContention_everyItemIsAnsweredOnce_neverTwoBatchesOfOneKeyNorTooManyAtOnce() throws Exception {
        java.util.Set<String> keysRunning = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger clashes = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        GroupCommit<Item, String> group = groupCommit(4, 3, items -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                for (Item item : items) {
                    if (!keysRunning.add(item.key())) {
                        clashes.incrementAndGet();
                    }
                }
                Thread.yield();
                items.forEach(item -> keysRunning.remove(item.key()));
                answered.addAndGet(items.size());
                return items.stream().map(item -> GroupCommit.Result.of(item.name())).toList();
            } finally {
                running.decrementAndGet();
            }
        });
        int callerCount = 24;
        int perCaller = 300;
        List<Future<Integer>> rightAnswers = new ArrayList<>();
        for (int caller = 0; caller < callerCount; caller++) {
            int me = caller;
            rightAnswers.add(callers.submit(() -> {
                int right = 0;
                for (int i = 0; i < perCaller; i++) {
                    String name = me + "-" + i;
                    if (group.submit(new Item("k" + (me + i) % 7, name)).equals(name)) {
                        right++;
                    }
                }
                return right;
            }));
        }

        for (Future<Integer> right : rightAnswers) {
            assertEquals(perCaller, right.get(60, TimeUnit.SECONDS));
        }
        assertEquals(callerCount * perCaller, answered.get());
        assertEquals(0, clashes.get(), "a key in two batches at once");
        assertTrue(mostRunning.get() <= 3, "batches at once: " + mostRunning.get());
        assertEquals(0, group.waiting());
    }

    @Test
    void sizesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> groupCommit(0, 1));
        assertThrows(IllegalArgumentException.class, () -> groupCommit(1, 0));
    }
}
