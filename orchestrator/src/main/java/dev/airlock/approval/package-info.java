/**
 * Approvals: an escalation becomes an {@link dev.airlock.approval.ApprovalRequest}, which a chain of
 * {@link dev.airlock.approval.Approver}s (terminal, queue, an external reviewer, deny) answers; session
 * {@link dev.airlock.approval.Grants} remember what a person allowed. Fail closed: no answer, or any failure
 * on the way, is a denial that says why.
 */
package dev.airlock.approval;
