package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalQueueTest {

    @TempDir
    Path dir;

    /** Each actor gets its own queue object over the same folder, as two processes would. */
    private ApprovalQueue actor() {
        return new ApprovalQueue(dir, Clock.systemUTC(), Duration.ofMillis(10));
    }

    private static ApprovalRequest fresh(ApprovalRequest r) {
        return Requests.withCreated(r, Instant.now());
    }

    @Test
    void anAnswerFromAnotherActorReachesTheWaitingRun() throws Exception {
        ApprovalQueue waiter = actor();
        ApprovalQueue person = actor();
        ApprovalRequest request = fresh(Requests.push());
        Instant deadline = Instant.now().plusSeconds(20);

        CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(() -> {
            waiter.submit(request, deadline);
            return waiter.await(request.id(), deadline);
        });
        PendingRequest seen = pollUntilPending(person);
        person.answer(seen.request().id(), new Answer.Approved(Scope.SESSION, "alice"));

        assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(new Answer.Approved(Scope.SESSION, "alice"));
        assertThat(seen.request()).isEqualTo(request);
        assertThat(person.pending()).isEmpty();
        assertThat(dir.resolve("pending").resolve(request.id() + ".json")).doesNotExist();
    }

    @Test
    void aDenialFromAnotherActorStopsTheWaitingRun() throws Exception {
        ApprovalQueue waiter = actor();
        ApprovalRequest request = fresh(Requests.push());
        Instant deadline = Instant.now().plusSeconds(20);
        waiter.submit(request, deadline);

        CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(() -> waiter.await(request.id(), deadline));
        actor().answer(request.id(), new Answer.Denied("not today", "bob"));

        assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(new Answer.Denied("not today", "bob"));
    }

    @Test
    void pendingListsRequestsWithTheirAge() {
        Instant now = Instant.parse("2025-05-01T10:02:00Z");
        ApprovalQueue queue = new ApprovalQueue(dir, Clock.fixed(now, java.time.ZoneOffset.UTC), Duration.ofMillis(10));
        ApprovalRequest request = Requests.push();
        queue.submit(request, now.plusSeconds(60));

        assertThat(queue.pending()).singleElement().satisfies(p -> {
            assertThat(p.request()).isEqualTo(request);
            assertThat(p.age()).isEqualTo(Duration.ofMinutes(2));
            assertThat(p.deadline()).isEqualTo(now.plusSeconds(60));
        });
    }

    @Test
    void aTornAnswerFileIsNotAnAnswer() throws Exception {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        queue.submit(request, Instant.now().plusSeconds(20));
        String whole = "{\"id\":\"" + request.id() + "\",\"answer\":{\"answer\":\"approved\",\"scope\":\"once\",\"by\":\"x\"},"
                + "\"at\":\"2025-05-01T10:00:00Z\",\"expired\":false}";
        Path answer = dir.resolve("answers").resolve(request.id() + ".json");
        Files.createDirectories(answer.getParent());
        Files.writeString(answer, whole.substring(0, whole.length() - 1), StandardCharsets.UTF_8);

        Answer result = queue.await(request.id(), Instant.now().plusMillis(300));

        assertThat(result).isInstanceOf(Answer.Denied.class);
        assertThat(((Answer.Denied) result).reason()).contains("not a valid answer");
    }

    @Test
    void anAnswerFileCompletedWhileWaitingIsTaken() throws Exception {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        Instant deadline = Instant.now().plusSeconds(20);
        queue.submit(request, deadline);
        String whole = "{\"id\":\"" + request.id() + "\",\"answer\":{\"answer\":\"approved\",\"scope\":\"once\",\"by\":\"x\"},"
                + "\"at\":\"2025-05-01T10:00:00Z\",\"expired\":false}";
        Path answer = dir.resolve("answers").resolve(request.id() + ".json");
        Files.createDirectories(answer.getParent());
        Files.writeString(answer, whole.substring(0, 40), StandardCharsets.UTF_8);

        CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(() -> queue.await(request.id(), deadline));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        Files.writeString(answer, whole, StandardCharsets.UTF_8);

        assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(new Answer.Approved(Scope.ONCE, "x"));
    }

    @Test
    void anAnswerForAnotherIdIsNotAnAnswer() throws Exception {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        queue.submit(request, Instant.now().plusSeconds(20));
        Path answer = dir.resolve("answers").resolve(request.id() + ".json");
        Files.createDirectories(answer.getParent());
        Files.writeString(answer, "{\"id\":\"a-0000000000\",\"answer\":{\"answer\":\"approved\",\"scope\":\"once\","
                + "\"by\":\"x\"},\"at\":\"2025-05-01T10:00:00Z\",\"expired\":false}", StandardCharsets.UTF_8);

        assertThat(queue.await(request.id(), Instant.now().plusMillis(200))).isInstanceOf(Answer.Denied.class);
    }

    @Test
    void noAnswerByTheDeadlineExpiresTheRequest() {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        Instant deadline = Instant.now().plusMillis(200);
        queue.submit(request, deadline);

        Answer answer = queue.await(request.id(), deadline);

        assertThat(answer).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).startsWith("no answer within"));
        assertThat(queue.pending()).isEmpty();
        assertThat(dir.resolve("pending").resolve(request.id() + ".json")).doesNotExist();
        assertThatThrownBy(() -> actor().answer(request.id(), new Answer.Approved(Scope.ONCE, "late")))
                .isInstanceOfSatisfying(AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE);
                    assertThat(e.getMessage()).contains("has expired");
                });
    }

    @Test
    void anAnswerWrittenBeforeTheExpiryWinsOverIt() {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        queue.submit(request, Instant.now().plusSeconds(20));
        actor().answer(request.id(), new Answer.Approved(Scope.ONCE, "alice"));

        assertThat(queue.await(request.id(), Instant.now().minusSeconds(1)))
                .isEqualTo(new Answer.Approved(Scope.ONCE, "alice"));
    }

    @Test
    void unknownIdsAreRefusedWithWhatIsPending() {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        queue.submit(request, Instant.now().plusSeconds(20));

        assertThatThrownBy(() -> queue.answer("a-zzzzzzzzzz", new Answer.Approved(Scope.ONCE, "x")))
                .isInstanceOfSatisfying(AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE);
                    assertThat(e.getMessage()).contains("no pending approval request a-zzzzzzzzzz");
                    assertThat(e.hint()).contains(request.id()).contains("git push origin main");
                });
    }

    @Test
    void idsThatAreNotIdsNeverReachTheFileSystem() {
        assertThatThrownBy(() -> actor().answer("../../etc/passwd", new Answer.Denied("x", "y")))
                .isInstanceOfSatisfying(AirlockException.class, e -> assertThat(e.getMessage()).contains("not an approval request id"));
        assertThat(dir.resolve("answers")).doesNotExist();
    }

    @Test
    void theFirstAnswerWins() {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        queue.submit(request, Instant.now().plusSeconds(20));
        queue.answer(request.id(), new Answer.Denied("no", "bob"));

        assertThatThrownBy(() -> actor().answer(request.id(), new Answer.Approved(Scope.ONCE, "mallory")))
                .isInstanceOfSatisfying(AirlockException.class,
                        e -> assertThat(e.getMessage()).contains("already answered").contains("denied by bob"));
        assertThat(queue.await(request.id(), Instant.now().plusSeconds(1))).isEqualTo(new Answer.Denied("no", "bob"));
    }

    @Test
    void aSessionApprovalIsRefusedWhenNoSessionGrantIsOffered() {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.remove());
        queue.submit(request, Instant.now().plusSeconds(20));

        assertThatThrownBy(() -> queue.answer(request.id(), new Answer.Approved(Scope.SESSION, "x")))
                .isInstanceOfSatisfying(AirlockException.class, e -> assertThat(e.hint()).contains("--scope once"));
        assertThat(queue.pending()).hasSize(1);
    }

    @Test
    void aRequestPastItsDeadlineIsNotListedNorAnswerable() {
        ApprovalQueue queue = actor();
        ApprovalRequest request = fresh(Requests.push());
        queue.submit(request, Instant.now().minusSeconds(1));

        assertThat(queue.pending()).isEmpty();
        assertThatThrownBy(() -> queue.answer(request.id(), new Answer.Approved(Scope.ONCE, "x")))
                .isInstanceOfSatisfying(AirlockException.class, e -> assertThat(e.getMessage()).contains("expired"));
    }

    @Test
    void theQueueIsReadableAndWritableByThisUserOnly() throws Exception {
        ApprovalQueue queue = new ApprovalQueue(dir.resolve("approvals"));
        queue.submit(fresh(Requests.push()), Instant.now().plusSeconds(20));

        for (String sub : new String[] {"approvals", "approvals/pending", "approvals/answers"}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(sub))))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void manyRequestsFromManyActorsEachGetTheirOwnAnswer() throws Exception {
        int n = 8;
        Instant deadline = Instant.now().plusSeconds(30);
        java.util.List<ApprovalRequest> requests = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> fresh(Requests.push())).toList();
        java.util.List<CompletableFuture<Answer>> waiting = requests.stream().map(r -> {
            ApprovalQueue waiter = actor();
            waiter.submit(r, deadline);
            return CompletableFuture.supplyAsync(() -> waiter.await(r.id(), deadline));
        }).toList();
        ApprovalQueue person = actor();
        for (int i = 0; i < n; i++) {
            person.answer(requests.get(i).id(), i % 2 == 0
                    ? new Answer.Approved(Scope.ONCE, "p" + i) : new Answer.Denied("r" + i, "p" + i));
        }

        for (int i = 0; i < n; i++) {
            assertThat(waiting.get(i).get(30, TimeUnit.SECONDS).by()).isEqualTo("p" + i);
        }
    }

    /** Issue 18: the run that asked was killed while its request waited (kill -9 leaves its pending file). */
    @Test
    void aRequestWhoseWaiterDiedIsExpiredNotLostAndCannotBeApproved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ApprovalRequest request = fresh(Requests.push());
        Instant deadline = Instant.now().plusSeconds(600);
        Files.createDirectories(dir.resolve("pending"));
        Files.write(dir.resolve("pending").resolve(request.id() + ".json"), ApprovalJson.mapper()
                .writeValueAsBytes(new ApprovalQueue.Queued(request, deadline, gone.pid(), Instant.now())));
        ApprovalQueue person = actor();

        assertThat(person.expireOrphans()).extracting(ApprovalQueue.Expired::request).containsExactly(request);
        assertThat(person.expireOrphans()).as("expired once").isEmpty();
        assertThat(person.pending()).isEmpty();
        assertThat(person.expired()).singleElement().satisfies(x -> {
            assertThat(x.request()).isEqualTo(request);
            assertThat(x.reason()).contains("pid " + gone.pid()).contains("killed or crashed").contains("did not run");
        });
        assertThatThrownBy(() -> person.answer(request.id(), new Answer.Approved(Scope.ONCE, "alice")))
                .isInstanceOf(AirlockException.class).hasMessageContaining("has expired")
                .hasMessageContaining("killed or crashed");
    }

    /**
     * Issue 18 (ApprovalKillIT's random kills): a person approved, and the process that asked was killed before it
     * took the answer. The approval stood, as if its command had run, and neither {@code approvals} nor the audit
     * said otherwise: it is expired, with a reason that names the approval. A denial never taken stands.
     */
    @Test
    void anApprovalTheDeadWaiterNeverTookIsExpiredAndSaysSo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ApprovalRequest approved = fresh(Requests.push());
        ApprovalRequest denied = fresh(Requests.push());
        Files.createDirectories(dir.resolve("pending"));
        ApprovalQueue person = actor();
        for (ApprovalRequest r : List.of(approved, denied)) {
            // queued by a live process, so that it can be answered; then its waiter is a dead one
            person.submit(r, Instant.now().plusSeconds(600));
        }
        person.answer(approved.id(), new Answer.Approved(Scope.ONCE, "alice"));
        person.answer(denied.id(), new Answer.Denied("not now", "bob"));
        for (ApprovalRequest r : List.of(approved, denied)) {
            Files.write(dir.resolve("pending").resolve(r.id() + ".json"), ApprovalJson.mapper()
                    .writeValueAsBytes(new ApprovalQueue.Queued(r, Instant.now().plusSeconds(600), gone.pid(), Instant.now())));
        }

        assertThat(person.expireOrphans()).singleElement().satisfies(x -> {
            assertThat(x.request()).isEqualTo(approved);
            assertThat(x.reason()).contains("pid " + gone.pid()).contains("approved (once) by alice").contains("did not run");
        });
        assertThat(person.expireOrphans()).as("expired once").isEmpty();
        assertThat(dir.resolve("pending")).isEmptyDirectory();
        assertThat(person.expired()).extracting(x -> x.request().id()).containsExactly(approved.id());
        assertThatThrownBy(() -> person.answer(approved.id(), new Answer.Approved(Scope.ONCE, "alice")))
                .isInstanceOf(AirlockException.class).hasMessageContaining("has expired").hasMessageContaining("did not run");
        assertThatThrownBy(() -> person.answer(denied.id(), new Answer.Approved(Scope.ONCE, "alice")))
                .isInstanceOf(AirlockException.class).hasMessageContaining("already answered").hasMessageContaining("denied by bob");
    }

    /**
     * Issue 18 (ApprovalKillIT): the server's thread waiting for an answer is interrupted when its client is
     * killed. The expiry was written with the interrupt already set again, so the file channels closed at once:
     * the request was neither pending nor expired (lost), and approving it said "no pending request".
     */
    @Test
    void aWaiterInterruptedWhileItWaitsLeavesItsRequestExpiredNotLost() throws Exception {
        ApprovalQueue waiter = actor();
        ApprovalRequest request = fresh(Requests.push());
        Instant deadline = Instant.now().plusSeconds(600);
        waiter.submit(request, deadline);
        var answer = new CompletableFuture<Answer>();
        var interruptedAfter = new CompletableFuture<Boolean>();
        Thread thread = Thread.ofVirtual().start(() -> {
            answer.complete(waiter.await(request.id(), deadline));
            interruptedAfter.complete(Thread.currentThread().isInterrupted());
        });
        pollUntilPending(actor());
        thread.interrupt();

        assertThat(answer.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains("stopped waiting").contains("did not run"));
        assertThat(interruptedAfter.get(30, TimeUnit.SECONDS)).as("the interrupt is kept for the caller").isTrue();
        ApprovalQueue person = actor();
        assertThat(person.pending()).isEmpty();
        assertThat(person.expired()).singleElement().satisfies(x -> assertThat(x.request()).isEqualTo(request));
        assertThatThrownBy(() -> person.answer(request.id(), new Answer.Approved(Scope.ONCE, "alice")))
                .isInstanceOf(AirlockException.class).hasMessageContaining("has expired");
    }

    @Test
    void aLiveWaiterKeepsItsRequestPending() {
        ApprovalQueue waiter = actor();
        ApprovalRequest request = fresh(Requests.push());
        waiter.submit(request, Instant.now().plusSeconds(600));

        assertThat(actor().expireOrphans()).isEmpty();
        assertThat(actor().pending()).extracting(PendingRequest::request).containsExactly(request);
    }

    private static PendingRequest pollUntilPending(ApprovalQueue queue) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            var pending = queue.pending();
            if (!pending.isEmpty()) {
                return pending.getFirst();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the request never showed up as pending");
    }
}
