package dev.airlock.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Approvers asked in turn ({@code --approver command:./review,queue}): the first that does not pass decides;
 * if all pass, the request is denied with each one's reason. An approver that throws, or returns nothing,
 * denies: the approval path fails closed.
 */
public final class ApproverChain implements Approver {

    private final List<Approver> approvers;

    public ApproverChain(List<Approver> approvers) {
        this.approvers = List.copyOf(approvers);
        if (this.approvers.isEmpty()) {
            throw new IllegalArgumentException("an approver chain needs an approver");
        }
    }

    public List<Approver> approvers() {
        return approvers;
    }

    @Override
    public String name() {
        return approvers.stream().map(Approver::name).collect(Collectors.joining(","));
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        List<String> passed = new ArrayList<>();
        for (Approver approver : approvers) {
            if (!Instant.now().isBefore(deadline)) {
                return new Answer.Denied("no answer before the approval deadline"
                        + (passed.isEmpty() ? "" : " (" + String.join("; ", passed) + ")"), name());
            }
            if (request.kind() instanceof RequestKind.ModeChange && !approver.person()) {
                passed.add(approver.name() + ": only a person answers a switch to a wider mode");
                continue;
            }
            if (request.kind() instanceof RequestKind.ProjectImage && !approver.person()) {
                passed.add(approver.name() + ": only a person answers a new or changed project image definition");
                continue;
            }
            Answer answer = safely(approver, request, deadline);
            if (answer instanceof Answer.Passed p) {
                passed.add(p.by() + ": " + p.reason());
                continue;
            }
            // "yes for this session" where no grant is on offer can only mean this once
            if (answer instanceof Answer.Approved a && a.scope() == Scope.SESSION && !request.offersSession()) {
                return new Answer.Approved(Scope.ONCE, a.by());
            }
            return answer;
        }
        return new Answer.Denied("no approver decided: " + String.join("; ", passed), name());
    }

    /** One approver's answer, with any failure turned into a denial that says so. */
    static Answer safely(Approver approver, ApprovalRequest request, Instant deadline) {
        try {
            Answer answer = approver.answer(request, deadline);
            return answer != null ? answer
                    : new Answer.Denied("the approver " + approver.name() + " gave no answer; denied to be safe", approver.name());
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Answer.Denied("the approver " + approver.name() + " failed (" + why + "); denied to be safe",
                    approver.name());
        }
    }
}
