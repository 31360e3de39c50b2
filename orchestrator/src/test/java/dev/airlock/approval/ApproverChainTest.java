package dev.airlock.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.AirlockException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApproverChainTest {

    @TempDir
    Path dir;

    private final List<String> asked = new ArrayList<>();

    private Approver fake(String name, BiFunction<ApprovalRequest, Instant, Answer> answer) {
        return new Approver() {
            @Override
            public Answer answer(ApprovalRequest request, Instant deadline) {
                asked.add(name);
                return answer.apply(request, deadline);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    private static Instant soon() {
        return Instant.now().plusSeconds(20);
    }

    @Test
    void theFirstApproverThatDoesNotPassDecides() {
        ApproverChain chain = new ApproverChain(List.of(
                fake("a", (r, d) -> new Answer.Passed("a", "ask")),
                fake("b", (r, d) -> new Answer.Approved(Scope.ONCE, "b")),
                fake("c", (r, d) -> new Answer.Denied("never asked", "c"))));

        assertThat(chain.answer(Requests.push(), soon())).isEqualTo(new Answer.Approved(Scope.ONCE, "b"));
        assertThat(asked).containsExactly("a", "b");
    }

    @Test
    void onlyAPersonMayApproveASwitchToAWiderMode() {
        ApprovalRequest widen = new ApprovalRequest(ApprovalRequest.newId(), "s-0123456789",
                new RequestKind.ModeChange("default", "full-access"), List.of("set_mode", "full-access"),
                "switch this session from mode default to mode full-access", "workspace-write", "full-access",
                dev.airlock.assess.Tier.DESTRUCTIVE, List.of(), List.of(), List.of(), java.util.Optional.empty(), List.of(),
                Requests.AT);
        ApproverChain programsOnly = new ApproverChain(List.of(fake("command:/usr/local/bin/review",
                (r, d) -> new Answer.Approved(Scope.ONCE, "command:/usr/local/bin/review"))));

        Answer answer = programsOnly.answer(widen, soon());

        assertThat(asked).as("the program was never asked").isEmpty();
        assertThat(answer).isInstanceOf(Answer.Denied.class);
        assertThat(((Answer.Denied) answer).reason()).contains("only a person answers a switch to a wider mode");
        // the same program still answers ordinary requests
        assertThat(programsOnly.answer(Requests.push(), soon())).isInstanceOf(Answer.Approved.class);
    }

    @Test
    void whenAllPassTheRequestIsDeniedWithEachReason() {
        ApproverChain chain = new ApproverChain(List.of(
                fake("terminal", (r, d) -> new Answer.Passed("terminal", "no terminal to ask on")),
                fake("command:./r", (r, d) -> new Answer.Passed("command:./r", "the reviewer passed it on"))));

        assertThat(chain.answer(Requests.push(), soon())).isInstanceOfSatisfying(Answer.Denied.class, d -> {
            assertThat(d.reason()).contains("no approver decided").contains("no terminal to ask on")
                    .contains("the reviewer passed it on");
            assertThat(d.by()).isEqualTo("terminal,command:./r");
        });
    }

    @Test
    void anApproverThatThrowsDeniesAndSaysSo() {
        ApproverChain chain = new ApproverChain(List.of(
                fake("boom", (r, d) -> {
                    throw new IllegalStateException("disk full");
                }),
                fake("yes", (r, d) -> new Answer.Approved(Scope.ONCE, "yes"))));

        assertThat(chain.answer(Requests.push(), soon())).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains("boom failed (disk full)").contains("denied to be safe"));
        assertThat(asked).containsExactly("boom");
    }

    @Test
    void anApproverThatReturnsNothingDenies() {
        ApproverChain chain = new ApproverChain(List.of(fake("null", (r, d) -> null)));

        assertThat(chain.answer(Requests.push(), soon())).isInstanceOf(Answer.Denied.class);
    }

    @Test
    void aSessionApprovalWithNothingToGrantCountsOnce() {
        ApproverChain chain = new ApproverChain(List.of(fake("s", (r, d) -> new Answer.Approved(Scope.SESSION, "s"))));

        assertThat(chain.answer(Requests.remove(), soon())).isEqualTo(new Answer.Approved(Scope.ONCE, "s"));
        assertThat(chain.answer(Requests.push(), soon())).isEqualTo(new Answer.Approved(Scope.SESSION, "s"));
    }

    @Test
    void aPassedDeadlineDeniesWithoutAsking() {
        ApproverChain chain = new ApproverChain(List.of(fake("yes", (r, d) -> new Answer.Approved(Scope.ONCE, "yes"))));

        assertThat(chain.answer(Requests.push(), Instant.now().minusSeconds(1))).isInstanceOf(Answer.Denied.class);
        assertThat(asked).isEmpty();
    }

    @Test
    void denyAlwaysDeniesAndSaysHowToBeAsked() {
        assertThat(DenyApprover.noTerminal().answer(Requests.push(), soon())).isInstanceOfSatisfying(Answer.Denied.class,
                d -> assertThat(d.reason()).contains("without a terminal").contains("--approver queue"));
    }

    private Approvers.Context context() {
        TerminalApprover tty = new TerminalApprover(() -> {
            throw new IOException("No such device or address");
        }, "alice", false);
        try {
            Files.writeString(dir.resolve("review"), "#!/bin/sh\necho allow\n");
            Files.setPosixFilePermissions(dir.resolve("review"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Approvers.Context(new ApprovalQueue(dir), line -> { }, () -> tty, dir, Map.of(), List::of);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "terminal                        | terminal",
        "queue                           | queue",
        "deny                            | deny",
        "command:./review                | command:./review",
        "command: ./review --strict ,queue | command:./review --strict,queue",
        "terminal,queue,deny             | terminal,queue,deny",
    })
    void specsNameTheirChain(String spec, String names) {
        assertThat(Approvers.parse(spec, context()).name()).isEqualTo(names.replace("./", dir + "/"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ask-bob          | unknown approver 'ask-bob'",
        "terminal,nobody  | unknown approver 'nobody' in --approver 'terminal,nobody'",
        "terminal,,queue  | has an empty item",
        "command:         | command: needs a program",
        "' '              | --approver is empty",
    })
    void unknownSpecsAreUsageErrorsThatSayWhatIsAllowed(String spec, String message) {
        assertThatThrownBy(() -> Approvers.parse(spec, context())).isInstanceOfSatisfying(AirlockException.class, e -> {
            assertThat(e.kind()).isEqualTo(AirlockException.Kind.USAGE);
            assertThat(e.getMessage()).contains(message);
            assertThat(e.hint()).containsAnyOf("terminal, queue, deny or command:PROGRAM", "command:PROGRAM");
        });
    }

    @Test
    void terminalWithoutATerminalFallsBackToTheQueue() throws Exception {
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        ApprovalQueue queue = new ApprovalQueue(dir);
        TerminalApprover none = new TerminalApprover(() -> {
            throw new IOException("No such device or address");
        }, "alice", false);
        ApproverChain chain = Approvers.parse("terminal,queue", new Approvers.Context(queue,
                line -> new PrintStream(notices, true).println(line), () -> none));
        ApprovalRequest request = Requests.withCreated(Requests.push(), Instant.now());

        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> chain.answer(request, soon()));
        for (int i = 0; i < 2000 && queue.pending().isEmpty(); i++) {
            Thread.sleep(10);
        }
        queue.answer(request.id(), new Answer.Approved(Scope.ONCE, "bob"));

        assertThat(waiting.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new Answer.Approved(Scope.ONCE, "bob"));
        assertThat(notices.toString()).contains("airlock approve " + request.id());
    }

    @Test
    void defaultIsTheTerminalOnlyWhenThereIsOne() {
        assertThat(Approvers.defaultSpec(true)).isEqualTo("terminal");
        assertThat(Approvers.defaultSpec(false)).isEqualTo("deny");
    }
}
